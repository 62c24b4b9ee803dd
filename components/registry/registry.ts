import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentProblems, componentType, mergeTags, statefulOptions, Tags, withFormerTypes } from "../shared";
import { lifecycleProblems, LifecycleRules, renderLifecyclePolicy } from "./lifecycle-policy";

export interface RegistryArgs {
    /**
     * ECR repository names, one per service (or a single shared name): lowercase, `[a-z0-9._-]` segments separated
     * by `/`, 2–256 characters, unique. Required, at least one.
     */
    repositories: string[];
    /** ARN of the customer-managed KMS key (PlatformKey.keyArn) that encrypts the images. Required. */
    kmsKeyArn: pulumi.Input<string>;
    /** Lifecycle policy settings; see `LifecycleRules` for each default (7 / ["v"] / 30 / 30). */
    lifecycle?: LifecycleRules;
    /**
     * Per repository name, the image tags its services deploy: the lifecycle policy never expires them, whatever
     * the count and age rules say. Default: none.
     */
    deployedTags?: Record<string, string[]>;
    /**
     * Per repository name, the resources that deploy its images (the services and tasks running them): its
     * lifecycle policy is written only after they have finished updating. So during a deployment the policy in force
     * is still the one written after the last completed deployment, which keeps the tags being replaced (what ECS
     * rolls back to), and a deployment that fails leaves it as it was. Default: none (the policy is written at once).
     */
    deployedBy?: Record<string, pulumi.Input<pulumi.Resource[]>>;
    /**
     * Twelve-digit AWS account ids allowed to pull every repository (`BatchGetImage`, `GetDownloadUrlForLayer`,
     * `BatchCheckLayerAvailability` for `arn:aws:iam::<id>:root`). Default: none, so no repository policy.
     */
    pullAccountIds?: string[];
    /** Delete repositories even when they still hold images. Default: false; infra passes true outside prod only. */
    forceDelete?: boolean;
    /** Protect the repositories and retain them on destroy (prod). Default: false. */
    protect?: boolean;
    /** Tags set on every repository. Default: none. */
    tags?: Tags;
}

/** One repository, as the ECS layer and CI consume it. */
export interface RepositoryRef {
    /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: what `docker push` and the task image use. */
    url: pulumi.Output<string>;
    /** Repository ARN (for IAM policies, e.g. a CI push role). */
    arn: pulumi.Output<string>;
    /** Repository name. */
    name: pulumi.Output<string>;
}

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** The Registry defaults, written once (lifecycle defaults: `LIFECYCLE_DEFAULTS`); a spec checks the TSDoc agrees. */
export const REGISTRY_DEFAULTS: Readonly<Required<Pick<RegistryArgs, "forceDelete" | "protect">>> = Object.freeze({
    forceDelete: false,
    protect: false,
});

/** The one place Registry defaults are applied (lifecycle defaults live with `renderLifecyclePolicy`). */
function withDefaults(args: RegistryArgs) {
    return {
        ...args,
        pullAccountIds: args.pullAccountIds ?? [],
        forceDelete: args.forceDelete ?? REGISTRY_DEFAULTS.forceDelete,
        protect: args.protect ?? REGISTRY_DEFAULTS.protect,
    };
}

/**
 * ECR repositories for the platform's images: scan on push, immutable tags, KMS encryption with the platform key,
 * a lifecycle policy, and optionally a repository policy for cross-account pulls. ECR decrypts layers through the
 * grant it creates on the key, so pulling accounts need no key permissions.
 */
export class Registry extends pulumi.ComponentResource {
    /** Repository name → its URL, ARN and name. */
    public readonly repositories: Record<string, RepositoryRef>;

    constructor(name: string, args: RegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        registryProblems(args).throwIfAny("Registry", name);
        super(componentType("Registry"), name, {}, withFormerTypes(opts, "ecs-platform:registry:Registry"));
        const settings = withDefaults(args);
        const pullPolicy =
            settings.pullAccountIds.length > 0 ? crossAccountPullPolicy(this, settings.pullAccountIds) : undefined;

        this.repositories = {};
        for (const repositoryName of settings.repositories) {
            const repository = new aws.ecr.Repository(
                `${name}-${repositoryName}`,
                {
                    name: repositoryName,
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: true },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: settings.kmsKeyArn }],
                    forceDelete: settings.forceDelete,
                    tags: mergeTags(settings.tags),
                },
                statefulOptions(this, settings.protect),
            );
            new aws.ecr.LifecyclePolicy(
                `${name}-${repositoryName}-lifecycle`,
                {
                    repository: repository.name,
                    policy: renderLifecyclePolicy(settings.lifecycle, settings.deployedTags?.[repositoryName]),
                },
                { parent: this, dependsOn: settings.deployedBy?.[repositoryName] },
            );
            if (pullPolicy) {
                new aws.ecr.RepositoryPolicy(
                    `${name}-${repositoryName}-pull`,
                    { repository: repository.name, policy: pullPolicy },
                    { parent: this },
                );
            }
            this.repositories[repositoryName] = {
                url: repository.repositoryUrl,
                arn: repository.arn,
                name: repository.name,
            };
        }

        this.registerOutputs({ repositories: this.repositories });
    }
}

/**
 * What is wrong with the registry arguments, by argument. Repository names follow `CreateRepository`
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html): 2–256 characters,
 * lowercase segments separated by `/`. Pure: the program checks its config with it first.
 */
export function registryProblems(
    args: Pick<RegistryArgs, "repositories" | "pullAccountIds" | "lifecycle" | "deployedTags" | "deployedBy">,
): ArgumentProblems {
    const problems = new ArgumentProblems();
    const names = args.repositories;
    if (names.length === 0) {
        problems.add("repositories", "needs at least one repository name");
    }
    names.forEach((repository, i) => {
        if (repository.length < 2 || repository.length > 256 || !REPOSITORY_NAME.test(repository)) {
            problems.add(
                `repositories[${i}]`,
                `"${repository}" is not an ECR repository name: 2–256 characters, lowercase [a-z0-9] runs joined by single "." "_" "-", segments separated by "/"`,
            );
        } else if (names.indexOf(repository) !== i) {
            problems.add(`repositories[${i}]`, `"${repository}" is listed twice: repository names must be unique`);
        }
    });
    (args.pullAccountIds ?? []).forEach((id, i, all) => {
        if (!/^\d{12}$/.test(id) || all.indexOf(id) !== i) {
            problems.add(`pullAccountIds[${i}]`, "must be a twelve-digit AWS account id, listed once");
        }
    });
    for (const p of lifecycleProblems(args.lifecycle).list) {
        problems.add(`lifecycle.${p.argument}`, p.message);
    }
    for (const repository of Object.keys(args.deployedBy ?? {}).filter(r => !names.includes(r))) {
        problems.add(`deployedBy.${repository}`, "is not one of `repositories`");
    }
    for (const [repository, tags] of Object.entries(args.deployedTags ?? {})) {
        if (!names.includes(repository)) problems.add(`deployedTags.${repository}`, "is not one of `repositories`");
        for (const p of lifecycleProblems(args.lifecycle, tags).list.filter(p => p.argument.startsWith("deployedTags")))
            problems.add(p.argument.replace("deployedTags", `deployedTags.${repository}`), p.message);
    }
    return problems;
}

/** Repository policy granting the pull actions (and nothing else) to the root of each listed account. */
function crossAccountPullPolicy(parent: pulumi.Resource, accountIds: string[]): pulumi.Output<string> {
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    return partition.apply(partitionName =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CrossAccountPull",
                    Effect: "Allow",
                    Principal: { AWS: accountIds.map(id => `arn:${partitionName}:iam::${id}:root`) },
                    Action: PULL_ACTIONS,
                },
            ],
        }),
    );
}
