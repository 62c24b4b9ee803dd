import { strict as assert } from "node:assert";
import type { CapturedResource } from "../../testing/harness";
import { renderDiagram, renderMermaid } from "../../tools/diagram";

const urnOf = (type: string, name: string) => `urn:pulumi:test::ecs-platform::${type}::${name}`;

function resource(
    type: string,
    name: string,
    fields: { parent?: CapturedResource; inputs?: Record<string, any>; deps?: Record<string, CapturedResource[]> } = {},
): CapturedResource {
    const propertyDependencies = Object.fromEntries(
        Object.entries(fields.deps ?? {}).map(([key, rs]) => [key, rs.map(r => r.urn)]),
    );
    const inputs = fields.inputs ?? {};
    return {
        urn: urnOf(type, name),
        id: "",
        type,
        name,
        custom: !type.startsWith("ecs-platform:"),
        parent: fields.parent?.urn,
        dependencies: Object.values(propertyDependencies).flat(),
        propertyDependencies,
        inputs,
        maskedInputs: inputs,
        state: inputs,
        options: { protect: false, retainOnDelete: false, ignoreChanges: [], dependsOn: [], aliases: 0 },
    };
}

/** A small platform: networking in two AZs, an ALB routing /api/* to one service, its image, logs and role. */
function platform(): CapturedResource[] {
    const net = resource("ecs-platform:networking:Networking", "net");
    const vpc = resource("aws:ec2/vpc:Vpc", "net", { parent: net, inputs: { cidrBlock: "10.0.0.0/16" } });
    const subnet = (tier: string, az: string, cidr: string) =>
        resource("aws:ec2/subnet:Subnet", `net-${tier}-${az}`, {
            parent: net,
            inputs: { availabilityZone: az, cidrBlock: cidr, tags: { tier } },
            deps: { vpcId: [vpc] },
        });
    const publicA = subnet("public", "eu-west-1a", "10.0.0.0/24");
    const publicB = subnet("public", "eu-west-1b", "10.0.1.0/24");
    const privateA = subnet("private", "eu-west-1a", "10.0.2.0/24");
    const eip = resource("aws:ec2/eip:Eip", "net-nat-0", { parent: net });
    const nat = resource("aws:ec2/natGateway:NatGateway", "net-nat-0", {
        parent: net,
        deps: { subnetId: [publicA], allocationId: [eip] },
    });

    const app = resource("ecs-platform:app:Platform", "prod");
    const lb = resource("ecs-platform:ecs:LoadBalancer", "lb", { parent: app });
    const alb = resource("aws:lb/loadBalancer:LoadBalancer", "lb", {
        parent: lb,
        inputs: { internal: false },
        deps: { subnets: [publicA, publicB] },
    });
    const listener = resource("aws:lb/listener:Listener", "lb-http", {
        parent: lb,
        inputs: { protocol: "HTTP", port: 80 },
        deps: { loadBalancerArn: [alb] },
    });
    const targetGroup = resource("aws:lb/targetGroup:TargetGroup", "lb-tg-api", {
        parent: lb,
        inputs: { protocol: "HTTP", port: 8080 },
        deps: { vpcId: [vpc] },
    });
    const rule = resource("aws:lb/listenerRule:ListenerRule", "lb-rule-api", {
        parent: lb,
        inputs: { conditions: [{ pathPattern: { values: ["/api/*"] } }] },
        deps: { listenerArn: [listener], actions: [targetGroup] },
    });

    const api = resource("ecs-platform:ecs:Service", "api", { parent: app });
    const repository = resource("aws:ecr/repository:Repository", 'repo-"api"', { parent: app });
    const logs = resource("aws:cloudwatch/logGroup:LogGroup", "api-logs", {
        parent: app,
        inputs: { retentionInDays: 90 },
    });
    const role = resource("aws:iam/role:Role", "api-task", { parent: api });
    const taskDefinition = resource("aws:ecs/taskDefinition:TaskDefinition", "api", {
        parent: api,
        inputs: { cpu: "256", memory: "512" },
        deps: { containerDefinitions: [repository, logs], taskRoleArn: [role] },
    });
    const service = resource("aws:ecs/service:Service", "api", {
        parent: api,
        inputs: { desiredCount: 3 },
        deps: { taskDefinition: [taskDefinition], loadBalancers: [targetGroup], networkConfiguration: [privateA] },
    });
    return [
        net,
        vpc,
        publicA,
        publicB,
        privateA,
        eip,
        nat,
        app,
        lb,
        alb,
        listener,
        targetGroup,
        rule,
        api,
        repository,
        logs,
        role,
        taskDefinition,
        service,
    ];
}

/** The node id Mermaid uses for the drawn resource with this name and kind. */
function idOf(diagram: string, name: string, kind: string): string {
    const match = new RegExp(`(n\\d+)\\[\\(?"${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}<br/>${kind}`).exec(diagram);
    assert.ok(match, `no node ${name} (${kind}) in\n${diagram}`);
    return match[1];
}

/** The lines between `subgraph <id>["<label>"]` and its matching `end`. */
function subgraphBody(diagram: string, label: string): string {
    const lines = diagram.split("\n");
    const start = lines.findIndex(line => line.trim().endsWith(`["${label}"]`) && line.trim().startsWith("subgraph "));
    assert.ok(start >= 0, `no subgraph ${label}`);
    const indent = lines[start].indexOf("subgraph");
    const end = lines.findIndex((line, index) => index > start && line === `${" ".repeat(indent)}end`);
    return lines.slice(start + 1, end).join("\n");
}

describe("tools/diagram", () => {
    const diagram = renderMermaid(platform());

    it("draws the interesting resources and leaves out the rest", () => {
        assert.ok(diagram.startsWith("flowchart LR\n"));
        for (const [name, kind] of [
            ["net", "VPC"],
            ["lb", "Load balancer"],
            ["lb-http", "Listener"],
            ["lb-tg-api", "Target group"],
            ["api", "ECS service"],
            ["api", "Task definition"],
            ["api-logs", "Log group"],
        ]) {
            idOf(diagram, name, kind);
        }
        assert.doesNotMatch(diagram, /api-task|Eip|lb-rule-api/);
    });

    it("nests components along the parent chain and groups subnets and NAT gateways by availability zone", () => {
        const prod = subgraphBody(diagram, "prod (Platform)");
        assert.match(prod, /subgraph g\d+\["api \(Service\)"\]/);
        assert.match(prod, /subgraph g\d+\["lb \(LoadBalancer\)"\]/);
        assert.match(subgraphBody(diagram, "api (Service)"), new RegExp(`${idOf(diagram, "api", "ECS service")}\\[`));
        const zoneA = subgraphBody(diagram, "eu-west-1a");
        assert.match(zoneA, /net-public-eu-west-1a<br\/>Subnet<br\/>public 10\.0\.0\.0\/24/);
        assert.match(zoneA, /net-nat-0<br\/>NAT gateway/);
        assert.doesNotMatch(zoneA, /eu-west-1b/);
        assert.match(subgraphBody(diagram, "net (Networking)"), /subgraph g\d+_eu_west_1b\["eu-west-1b"\]/);
    });

    it("draws property dependencies as arrows, dotted towards data stores", () => {
        const service = idOf(diagram, "api", "ECS service");
        const taskDefinition = idOf(diagram, "api", "Task definition");
        assert.ok(diagram.includes(`${service} --> ${taskDefinition}`));
        assert.ok(diagram.includes(`${service} --> ${idOf(diagram, "lb-tg-api", "Target group")}`));
        assert.ok(diagram.includes(`${taskDefinition} -.-> ${idOf(diagram, "api-logs", "Log group")}`));
        assert.ok(
            diagram.includes(
                `${idOf(diagram, "net-nat-0", "NAT gateway")} --> ${idOf(diagram, "net-public-eu-west-1a", "Subnet")}`,
            ),
        );
    });

    it("filters edges that carry no information: into the VPC, and from services into subnets", () => {
        const vpc = idOf(diagram, "net", "VPC");
        assert.doesNotMatch(diagram, new RegExp(`--> ${vpc}$`, "m"));
        assert.ok(
            !diagram.includes(
                `${idOf(diagram, "api", "ECS service")} --> ${idOf(diagram, "net-private-eu-west-1a", "Subnet")}`,
            ),
        );
    });

    it("draws a listener rule as an edge from its listener to its target group, labelled with its conditions", () => {
        assert.ok(
            diagram.includes(
                `${idOf(diagram, "lb-http", "Listener")} -->|"/api/*"| ${idOf(diagram, "lb-tg-api", "Target group")}`,
            ),
        );
    });

    it("escapes quotes in labels", () => {
        assert.match(diagram, /repo-#quot;api#quot;<br\/>ECR repository/);
    });

    it("is deterministic: registration order does not change the text", () => {
        assert.equal(renderMermaid([...platform()].reverse()), diagram);
    });

    it("wraps the flowchart in a Markdown page for the stack", () => {
        const page = renderDiagram("prod", platform());
        assert.match(page, /^# Architecture: prod\n/);
        assert.ok(page.includes(`\`\`\`mermaid\n${diagram}\n\`\`\`\n`));
        assert.match(page, /It shows 12 of the 19 resources/);
    });
});
