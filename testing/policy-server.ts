/**
 * Runs a policy pack through `@pulumi/policy`'s own analyzer handlers, the way the engine calls them (`Configure`,
 * `ConfigureStack`, then `Remediate` and `Analyze` per resource, then `AnalyzeStack`), with no port opened: the
 * handlers are the functions `serve()` registers, called with protobuf requests built from the resources. What
 * the engine does with the answers (remediated props fed to `Analyze`, `remediate` reported as `mandatory`, stack
 * entries without a URN of the stack given to the root stack) is applied here too.
 *
 * Uses the SDK's internal module `@pulumi/policy/server` (1.21): pin `@pulumi/policy` and re-check on upgrades.
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import type { AnalyzedResource } from "./analyzer-view";

const server = require("@pulumi/policy/server");
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/policy/server")] }));

/** The pack the policies belong to, as the SDK names it in messages. */
export interface PolicyServerPack {
    name: string;
    version: string;
    enforcementLevel: EnforcementLevel;
}

/** What the engine sends with `Configure`: each policy's level and settings (after the CLI's reconciliation). */
export type PolicyServerConfig = Record<
    string,
    { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }
>;

/** Options of {@link analyzeWithPolicyServer}. */
export interface PolicyServerOptions {
    policies: Policies;
    pack: PolicyServerPack;
    /** Defaults to each policy at its own level (else the pack's) with its schema defaults, as with no config file. */
    policyConfig?: PolicyServerConfig;
    stackTags?: Record<string, string>;
}

/** One diagnostic or remediation, as the engine reports it. */
export interface PolicyServerEntry {
    policy: string;
    enforcementLevel: "advisory" | "mandatory" | "remediate";
    urn?: string;
    message: string;
}

/** Everything the handlers answered. */
export interface PolicyServerResult {
    violations: PolicyServerEntry[];
    /** The props each remediation returned. */
    remediations: { policy: string; urn: string; props: Record<string, unknown> }[];
}

type Handler = (call: { request: unknown }, callback: (error: unknown, response: any) => void) => void;

let registered: Record<string, Handler> | undefined;

/** The handlers `serve()` registers, captured once per process (the SDK serves one pack per process). */
function handlers(): Record<string, Handler> {
    if (!registered) {
        const prototype = grpc.Server.prototype;
        const { addService, bindAsync } = prototype;
        prototype.addService = (_service: unknown, implementation: Record<string, Handler>) => {
            registered = implementation;
        };
        prototype.bindAsync = () => undefined;
        try {
            server.serve("offline-policy-server", "0.0.0", "advisory", { policies: [] });
        } finally {
            prototype.addService = addService;
            prototype.bindAsync = bindAsync;
        }
    }
    return registered!;
}

function call(handler: Handler, request: unknown): Promise<any> {
    return new Promise((resolve, reject) =>
        handler({ request }, (error, response) => (error ? reject(error) : resolve(response))),
    );
}

const levels: Record<string, number> = {
    advisory: analyzerProto.EnforcementLevel.ADVISORY,
    mandatory: analyzerProto.EnforcementLevel.MANDATORY,
    remediate: analyzerProto.EnforcementLevel.REMEDIATE,
    disabled: analyzerProto.EnforcementLevel.DISABLED,
};
const levelNames = Object.fromEntries(Object.entries(levels).map(([name, value]) => [value, name]));

function struct(value: Record<string, unknown>): unknown {
    return Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function resourceOptions(resource: AnalyzedResource): unknown {
    const options = new analyzerProto.AnalyzerResourceOptions();
    const given = resource.options ?? {};
    options.setProtect(given.protect ?? false);
    options.setIgnorechangesList(given.ignoreChanges ?? []);
    options.setAliasesList(given.aliases ?? []);
    options.setAdditionalsecretoutputsList(given.additionalSecretOutputs ?? []);
    const timeouts = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(given.customTimeouts?.createSeconds ?? 0);
    timeouts.setUpdate(given.customTimeouts?.updateSeconds ?? 0);
    timeouts.setDelete(given.customTimeouts?.deleteSeconds ?? 0);
    options.setCustomtimeouts(timeouts);
    if (given.deleteBeforeReplace !== undefined) {
        options.setDeletebeforereplace(given.deleteBeforeReplace);
        options.setDeletebeforereplacedefined(true);
    }
    if (resource.parent) options.setParent(resource.parent);
    return options;
}

function providerOf(resource: AnalyzedResource, byUrn: Map<string, AnalyzedResource>): unknown {
    const provider = resource.provider === undefined ? undefined : byUrn.get(resource.provider);
    if (!provider) return undefined;
    const message = new analyzerProto.AnalyzerProviderResource();
    message.setType(provider.type);
    message.setName(provider.name);
    message.setUrn(provider.urn);
    message.setProperties(struct(provider.props));
    return message;
}

function request(
    kind: "AnalyzeRequest" | "AnalyzerResource",
    resource: AnalyzedResource,
    props: Record<string, unknown>,
    byUrn: Map<string, AnalyzedResource>,
): any {
    const message = new analyzerProto[kind]();
    message.setType(resource.type);
    message.setName(resource.name);
    message.setUrn(resource.urn);
    message.setProperties(struct(props));
    message.setOptions(resourceOptions(resource));
    const provider = providerOf(resource, byUrn);
    if (provider) message.setProvider(provider);
    return message;
}

function defaultConfig(options: PolicyServerOptions): PolicyServerConfig {
    const config: PolicyServerConfig = {};
    for (const policy of options.policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema.default !== undefined) properties[key] = schema.default;
        }
        config[policy.name] = {
            enforcementLevel: policy.enforcementLevel || options.pack.enforcementLevel,
            properties,
        };
    }
    return config;
}

async function configure(options: PolicyServerOptions): Promise<void> {
    const configureRequest = new analyzerProto.ConfigureAnalyzerRequest();
    for (const [name, entry] of Object.entries(options.policyConfig ?? defaultConfig(options))) {
        const policyConfig = new analyzerProto.PolicyConfig();
        policyConfig.setEnforcementlevel(levels[entry.enforcementLevel]);
        policyConfig.setProperties(struct(entry.properties));
        configureRequest.getPolicyconfigMap().set(name, policyConfig);
    }
    await call(handlers().configure, configureRequest);
    const stackRequest = new analyzerProto.AnalyzerStackConfigureRequest();
    for (const [key, value] of Object.entries(options.stackTags ?? {})) stackRequest.getTagsMap().set(key, value);
    await call(handlers().configureStack, stackRequest);
}

/** Runs `options.policies` over `resources` through the SDK's handlers and returns what the engine would report. */
export async function analyzeWithPolicyServer(
    resources: AnalyzedResource[],
    options: PolicyServerOptions,
): Promise<PolicyServerResult> {
    await configure(options);
    const { name, version, enforcementLevel } = options.pack;
    const remediate = server.makeRemediateRpcFun(name, version, enforcementLevel, options.policies);
    const analyze = server.makeAnalyzeRpcFun(name, version, enforcementLevel, options.policies);
    const analyzeStack = server.makeAnalyzeStackRpcFun(name, version, enforcementLevel, options.policies);
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const result: PolicyServerResult = { violations: [], remediations: [] };
    const engineLevel = (level: number) =>
        (levelNames[level] === "remediate" ? "mandatory" : levelNames[level]) as PolicyServerEntry["enforcementLevel"];
    const remediated: AnalyzedResource[] = [];
    for (const resource of resources) {
        let props = JSON.parse(JSON.stringify(resource.props)) as Record<string, unknown>;
        const remediations = (
            await call(remediate, request("AnalyzeRequest", resource, props, byUrn))
        ).getRemediationsList();
        for (const remediation of remediations) {
            if (remediation.getDiagnostic()) {
                result.violations.push({
                    policy: remediation.getPolicyname(),
                    enforcementLevel: "advisory",
                    urn: resource.urn,
                    message: remediation.getDiagnostic(),
                });
            }
            if (remediation.getProperties()) {
                props = remediation.getProperties().toJavaScript();
                result.remediations.push({ policy: remediation.getPolicyname(), urn: resource.urn, props });
                result.violations.push({
                    policy: remediation.getPolicyname(),
                    enforcementLevel: "remediate",
                    urn: resource.urn,
                    message: remediation.getDescription(),
                });
            }
        }
        remediated.push({ ...resource, props });
        for (const diagnostic of (
            await call(analyze, request("AnalyzeRequest", resource, props, byUrn))
        ).getDiagnosticsList()) {
            result.violations.push({
                policy: diagnostic.getPolicyname(),
                enforcementLevel: engineLevel(diagnostic.getEnforcementlevel()),
                urn: resource.urn,
                message: diagnostic.getMessage(),
            });
        }
    }
    const stackRequest = new analyzerProto.AnalyzeStackRequest();
    stackRequest.setResourcesList(
        remediated.map(resource => {
            const message = request("AnalyzerResource", resource, resource.props, byUrn);
            if (resource.parent) message.setParent(resource.parent);
            message.setDependenciesList(resource.dependencies ?? []);
            for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
                // The engine leaves out properties without dependencies.
                if (urns.length === 0) continue;
                const dependencies = new analyzerProto.AnalyzerPropertyDependencies();
                dependencies.setUrnsList(urns);
                message.getPropertydependenciesMap().set(property, dependencies);
            }
            return message;
        }),
    );
    const rootStack = resources.find(r => r.type === "pulumi:pulumi:Stack")?.urn;
    for (const diagnostic of (await call(analyzeStack, stackRequest)).getDiagnosticsList()) {
        const urn = byUrn.has(diagnostic.getUrn()) ? diagnostic.getUrn() : rootStack;
        result.violations.push({
            policy: diagnostic.getPolicyname(),
            enforcementLevel: engineLevel(diagnostic.getEnforcementlevel()),
            ...(urn ? { urn } : {}),
            message: diagnostic.getMessage(),
        });
    }
    return result;
}
