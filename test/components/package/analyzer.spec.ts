import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { exportedComponents, PACKAGE_DIR, packageProvider } from "./component-provider";

const manifest = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8"));

/** The components each folder of the package exports (the entry must re-export every folder). */
function folderComponents(): string[] {
    return fs
        .readdirSync(PACKAGE_DIR, { withFileTypes: true })
        .filter(entry => entry.isDirectory() && fs.existsSync(path.join(PACKAGE_DIR, entry.name, "index.ts")))
        .flatMap(entry => getPulumiComponents(require(path.join(PACKAGE_DIR, entry.name))).map(c => c.name));
}

describe("component package", () => {
    it("is a publishable workspace whose entry is the component index", () => {
        assert.strictEqual(manifest.name, "ecs-platform");
        assert.notStrictEqual(manifest.private, true);
        assert.strictEqual(manifest.main, "index.ts");
        assert.deepStrictEqual(manifest.exports["."], { types: "./dist/index.d.ts", default: "./dist/index.js" });
        const root = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "..", "package.json"), "utf8"));
        assert.ok(root.workspaces.includes("components"));
        for (const [dependency, version] of Object.entries(manifest.dependencies)) {
            assert.strictEqual(version, root.dependencies[dependency], `${dependency} pinned as in the root`);
        }
    });

    it("declares a Node.js plugin for pulumi package add", () => {
        const plugin = fs.readFileSync(path.join(PACKAGE_DIR, "PulumiPlugin.yaml"), "utf8");
        assert.match(plugin, /^runtime: nodejs$/m);
    });

    it("exports every component class from its entry", () => {
        const exported = exportedComponents()
            .map(c => c.name)
            .sort();
        assert.deepStrictEqual(exported, [...new Set(folderComponents())].sort());
    });
});

describe("component analyzer (the schema pulumi package add generates SDKs from)", function () {
    this.timeout(120_000);
    let schema: any;
    before(async () => {
        schema = JSON.parse(await packageProvider().getSchema());
    });

    const packaged = () => exportedComponents();

    it("accepts every packaged component, under ecs-platform:index:<Type>", () => {
        assert.strictEqual(schema.name, "ecs-platform");
        assert.deepStrictEqual(
            Object.keys(schema.resources).sort(),
            packaged()
                .map(c => `ecs-platform:index:${c.name}`)
                .sort(),
        );
        for (const resource of Object.values<any>(schema.resources)) {
            assert.strictEqual(resource.isComponent, true);
        }
    });

    it("documents every input of every component (the Args TSDoc)", () => {
        const undocumented = Object.entries<any>(schema.resources).flatMap(([token, resource]) =>
            Object.entries<any>(resource.inputProperties ?? {})
                .filter(([, property]) => !property.description)
                .map(([name]) => `${token}.${name}`),
        );
        assert.deepStrictEqual(undocumented, []);
    });

    it("keeps the TSDoc readable (no {@link} tags, which the analyzer renders as [object Object])", () => {
        assert.doesNotMatch(JSON.stringify(schema), /\[object Object\]/);
    });

    it("turns string unions into enums", () => {
        const store = schema.types["ecs-platform:index:SecretStore"];
        assert.deepStrictEqual(
            store.enum.map((member: any) => member.value),
            ["secretsmanager", "ssm"],
        );
    });

    it("publishes the workload kinds' enums, flat image and service outputs", () => {
        const values = (type: string) => schema.types[`ecs-platform:index:${type}`].enum.map((m: any) => m.value);
        assert.deepStrictEqual(values("LaunchType"), ["FARGATE", "EC2"]);
        assert.deepStrictEqual(values("NetworkMode"), ["awsvpc", "bridge"]);
        assert.deepStrictEqual(values("CpuArchitecture"), ["X86_64", "ARM64"]);
        assert.deepStrictEqual(values("TrafficShift"), ["BLUE_GREEN", "CANARY", "LINEAR"]);
        const image = schema.types["ecs-platform:index:ImageArgs"];
        assert.deepStrictEqual(Object.keys(image.properties).sort(), [
            "build",
            "credentialsSecretArn",
            "digest",
            "external",
            "repositoryArn",
            "repositoryUrl",
            "tag",
        ]);
        assert.deepStrictEqual(image.required ?? [], [], "every source optional: the rules take exactly one");
        for (const kind of ["Service", "BackendService", "WorkerService"]) {
            const outputs = Object.keys(schema.resources[`ecs-platform:index:${kind}`].properties);
            for (const output of ["serviceName", "serviceArn", "taskDefinitionArn", "taskRoleArn", "image"]) {
                assert.ok(outputs.includes(output), `${kind} publishes ${output}`);
            }
        }
    });

    it("turns the infrastructure components' string unions into enums, and the hosted zone into two fields", () => {
        const values = (type: string) =>
            schema.types[`ecs-platform:index:${type}`].enum.map((member: any) => member.value);
        assert.deepStrictEqual(values("NatGatewayStrategy"), ["perAz", "single"]);
        assert.deepStrictEqual(values("FlowLogTrafficType"), ["ACCEPT", "REJECT", "ALL"]);
        assert.deepStrictEqual(values("ContainerInsights"), ["enhanced", "enabled", "disabled"]);
        assert.deepStrictEqual(values("CapacityProviderKey"), ["FARGATE", "FARGATE_SPOT", "EC2"]);
        assert.deepStrictEqual(values("Ec2Architecture"), ["x86_64", "arm64"]);
        assert.deepStrictEqual(values("DesyncMitigationMode"), ["defensive", "strictest"]);
        assert.deepStrictEqual(values("TargetType"), ["ip", "instance"]);
        const domain = schema.types["ecs-platform:index:DomainArgs"];
        assert.strictEqual(domain.properties.hostedZone.type, "string");
        assert.strictEqual(domain.properties.hostedZoneId.type, "string");
        assert.deepStrictEqual(domain.required, ["name"]);
    });
});
