/**
 * `npm run diagram -- --stack prod`: draws a stack's architecture as a Mermaid flowchart, from the resources the
 * offline preview registers, into `docs/architecture-<stack>.md` (GitHub renders the ```mermaid block).
 * Without `--stack`, every stack with a `Pulumi.<stack>.yaml` is drawn.
 *
 * {@link renderDiagram} is pure (resources in, Markdown out); only {@link main} reads and writes.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { CapturedResource } from "../testing/harness";

type Inputs = Record<string, any>;

/** How one AWS resource type is drawn. Types not listed here are left out (IAM, routes, rules, alarms…). */
interface NodeStyle {
    /** Short kind shown under the resource's name. */
    kind: string;
    /** Data stores (images, logs, secrets, keys, buckets, file systems) are drawn as cylinders. */
    store?: boolean;
    /** Grouped under its availability zone inside its component. */
    zonal?: boolean;
    /** One line of detail from the resource's inputs. */
    detail?: (inputs: Inputs) => string | undefined;
}

const NODE_STYLES: Record<string, NodeStyle> = {
    "aws:ec2/vpc:Vpc": { kind: "VPC", detail: i => i.cidrBlock },
    "aws:ec2/subnet:Subnet": { kind: "Subnet", zonal: true, detail: i => join(i.tags?.tier, i.cidrBlock) },
    "aws:ec2/internetGateway:InternetGateway": { kind: "Internet gateway" },
    "aws:ec2/natGateway:NatGateway": { kind: "NAT gateway", zonal: true },
    "aws:lb/loadBalancer:LoadBalancer": {
        kind: "Load balancer",
        detail: i => (i.internal ? "internal" : "internet-facing"),
    },
    "aws:lb/listener:Listener": { kind: "Listener", detail: i => join(i.protocol, i.port) },
    "aws:lb/targetGroup:TargetGroup": { kind: "Target group", detail: i => join(i.protocol, i.port) },
    "aws:ecs/cluster:Cluster": { kind: "ECS cluster" },
    "aws:ecs/service:Service": {
        kind: "ECS service",
        detail: i => join(i.launchType, i.desiredCount === undefined ? undefined : `× ${i.desiredCount}`),
    },
    "aws:ecs/taskDefinition:TaskDefinition": {
        kind: "Task definition",
        detail: i => (i.cpu && i.memory ? `${i.cpu} CPU / ${i.memory} MiB` : undefined),
    },
    "aws:ecr/repository:Repository": { kind: "ECR repository", store: true },
    "aws:cloudwatch/logGroup:LogGroup": {
        kind: "Log group",
        store: true,
        detail: i => i.retentionInDays && `${i.retentionInDays} days`,
    },
    "aws:secretsmanager/secret:Secret": { kind: "Secret", store: true },
    "aws:ssm/parameter:Parameter": { kind: "SSM parameter", store: true },
    "aws:kms/key:Key": { kind: "KMS key", store: true },
    "aws:s3/bucket:Bucket": { kind: "S3 bucket", store: true },
    "aws:efs/fileSystem:FileSystem": { kind: "EFS file system", store: true },
};

/** Resources drawn as a labelled edge between two of their dependencies instead of as a node. */
const EDGE_STYLES: Record<string, { from: string; to: string; label: (inputs: Inputs) => string }> = {
    "aws:lb/listenerRule:ListenerRule": { from: "listenerArn", to: "actions", label: ruleLabel },
};

const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
/** Only these point at subnets in the drawing: services and endpoints span every private subnet, which says little. */
const SUBNET_REFERRERS = new Set(["aws:ec2/natGateway:NatGateway", "aws:lb/loadBalancer:LoadBalancer"]);

/** Edges that add lines but no information: everything networked is in the one VPC. */
function isNoise(from: CapturedResource, to: CapturedResource): boolean {
    return to.type === VPC || (to.type === SUBNET && !SUBNET_REFERRERS.has(from.type));
}

interface Group {
    id: string;
    label: string;
    nodes: string[];
    children: Group[];
}

/**
 * Renders resources as a Mermaid flowchart: components (and availability zones) as nested subgraphs, the resource
 * types of {@link NODE_STYLES} as nodes, and an arrow A → B where A's inputs use B's outputs (property
 * dependencies). Listener rules become edges from their listener to their target groups, labelled with their
 * conditions. Deterministic: the same resources always give the same text.
 */
export function renderMermaid(resources: CapturedResource[]): string {
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const drawn = resources.filter(r => NODE_STYLES[r.type] !== undefined).sort(byTypeThenName);
    const ids = new Map(drawn.map((r, index) => [r.urn, `n${index + 1}`]));

    const components = resources.filter(r => !r.custom);
    const groupOf = new Map<string, Group>();
    const groupFor = (component: CapturedResource): Group => {
        let group = groupOf.get(component.urn);
        if (!group) {
            group = {
                id: `g${groupOf.size + 1}`,
                label: `${component.name} (${shortType(component.type)})`,
                nodes: [],
                children: [],
            };
            groupOf.set(component.urn, group);
        }
        return group;
    };
    const root: Group = { id: "root", label: "", nodes: [], children: [] };
    const parentGroup = (resource: CapturedResource): Group => {
        const parent = resource.parent === undefined ? undefined : byUrn.get(resource.parent);
        return parent === undefined || parent.custom ? root : groupFor(parent);
    };
    for (const component of [...components].sort(byTypeThenName)) {
        const parent = parentGroup(component);
        const group = groupFor(component);
        if (!parent.children.includes(group)) {
            parent.children.push(group);
        }
    }
    for (const resource of drawn) {
        let group = parentGroup(resource);
        const zone = NODE_STYLES[resource.type].zonal ? availabilityZone(resource, byUrn) : undefined;
        if (zone !== undefined) {
            group = zoneGroup(group, zone);
        }
        group.nodes.push(`${ids.get(resource.urn)}${shape(resource)}`);
    }

    const edges = new Set<string>();
    for (const resource of drawn) {
        for (const target of Object.values(resource.propertyDependencies).flat()) {
            const to = byUrn.get(target);
            if (to !== undefined && to.urn !== resource.urn && ids.has(to.urn) && !isNoise(resource, to)) {
                edges.add(`${ids.get(resource.urn)} ${NODE_STYLES[to.type].store ? "-.->" : "-->"} ${ids.get(to.urn)}`);
            }
        }
    }
    for (const resource of resources) {
        const style = EDGE_STYLES[resource.type];
        if (style === undefined) {
            continue;
        }
        const label = escape(style.label(resource.inputs));
        for (const from of resource.propertyDependencies[style.from] ?? []) {
            for (const to of resource.propertyDependencies[style.to] ?? []) {
                if (ids.has(from) && ids.has(to)) {
                    edges.add(`${ids.get(from)} -->|"${label}"| ${ids.get(to)}`);
                }
            }
        }
    }

    return [
        "flowchart LR",
        ...renderGroup(root, "    "),
        ...[...edges].sort(naturalOrder).map(edge => `    ${edge}`),
    ].join("\n");
}

/** The Markdown page for one stack. */
export function renderDiagram(stack: string, resources: CapturedResource[]): string {
    const shown = resources.filter(r => NODE_STYLES[r.type] !== undefined).length;
    return [
        `# Architecture: ${stack}`,
        "",
        `Generated by \`npm run diagram -- --stack ${stack}\` from the offline preview of \`Pulumi.${stack}.yaml\`; do not edit by hand.`,
        `It shows ${shown} of the ${resources.length} resources the program registers: components as boxes, networking, load`,
        "balancing, ECS, images, logs, secrets and keys as nodes (IAM, security groups, routes, scaling and alarms are left out).",
        "An arrow A → B means A's inputs use B's outputs; dotted arrows point at data stores; labelled arrows are listener rules.",
        "",
        "```mermaid",
        renderMermaid(resources),
        "```",
        "",
    ].join("\n");
}

/** The stack whose diagram README.md shows. */
export const README_STACK = "prod";
const README_START = "<!-- architecture:start -->";
const README_END = "<!-- architecture:end -->";

/** README.md with its architecture section replaced by the given stack's Mermaid diagram. */
export function readmeWithDiagram(readme: string, resources: CapturedResource[]): string {
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    if (start < 0 || end < start) {
        throw new Error(`README.md lacks the ${README_START} … ${README_END} markers`);
    }
    const block = ["", "```mermaid", renderMermaid(resources), "```", ""].join("\n");
    return `${readme.slice(0, start + README_START.length)}${block}${readme.slice(end)}`;
}

function renderGroup(group: Group, indent: string): string[] {
    const lines = group.nodes.map(node => `${indent}${node}`);
    for (const child of group.children) {
        const inner = renderGroup(child, `${indent}    `);
        if (inner.length > 0) {
            lines.push(`${indent}subgraph ${child.id}["${escape(child.label)}"]`, ...inner, `${indent}end`);
        }
    }
    return lines;
}

function zoneGroup(parent: Group, zone: string): Group {
    const id = `${parent.id}_${zone.replace(/[^A-Za-z0-9]/g, "_")}`;
    let group = parent.children.find(child => child.id === id);
    if (!group) {
        group = { id, label: zone, nodes: [], children: [] };
        parent.children.push(group);
        parent.children.sort((a, b) => a.label.localeCompare(b.label));
    }
    return group;
}

/** A subnet's own zone; for anything else zonal (a NAT gateway), the zone of the one subnet it is in. */
function availabilityZone(resource: CapturedResource, byUrn: Map<string, CapturedResource>): string | undefined {
    if (typeof resource.inputs.availabilityZone === "string") {
        return resource.inputs.availabilityZone;
    }
    const subnets = Object.values(resource.propertyDependencies)
        .flat()
        .map(urn => byUrn.get(urn))
        .filter((r): r is CapturedResource => r?.type === SUBNET);
    return subnets.length === 1 ? subnets[0].inputs.availabilityZone : undefined;
}

function shape(resource: CapturedResource): string {
    const style = NODE_STYLES[resource.type];
    const lines = [resource.name, style.kind, style.detail?.(resource.inputs)].filter(
        line => line !== undefined && line !== "",
    );
    const label = `"${lines.map(line => escape(String(line))).join("<br/>")}"`;
    return style.store ? `[(${label})]` : `[${label}]`;
}

function ruleLabel(inputs: Inputs): string {
    const conditions: Inputs[] = inputs.conditions ?? [];
    return conditions
        .flatMap(c => [
            ...(c.pathPattern?.values ?? []),
            ...(c.hostHeader?.values ?? []),
            ...(c.httpHeader ? [`${c.httpHeader.httpHeaderName}: ${(c.httpHeader.values ?? []).join(",")}`] : []),
        ])
        .join(" ");
}

/** Mermaid labels are double-quoted: quotes become entities; `<br/>` is the only markup we emit. */
function escape(text: string): string {
    return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

function join(...parts: unknown[]): string | undefined {
    const present = parts.filter(part => part !== undefined && part !== null && part !== "");
    return present.length > 0 ? present.join(" ") : undefined;
}

/** `ecs-platform:ecs:Service` → `Service`. */
function shortType(type: string): string {
    return type.split(":").pop() ?? type;
}

/** `n9` before `n10`. */
function naturalOrder(a: string, b: string): number {
    return a.localeCompare(b, "en", { numeric: true });
}

/** Orders by the drawing order of {@link NODE_STYLES} (networking first), then by name. */
function byTypeThenName(a: CapturedResource, b: CapturedResource): number {
    const order = Object.keys(NODE_STYLES);
    const rank = (r: CapturedResource) => (order.includes(r.type) ? order.indexOf(r.type) : order.length);
    return rank(a) - rank(b) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name);
}

const REPO_ROOT = path.resolve(__dirname, "..");

/** Stacks with a `Pulumi.<stack>.yaml` at the repository root. */
function knownStacks(): string[] {
    return readdirSync(REPO_ROOT)
        .map(file => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

async function main(argv: string[]): Promise<void> {
    const { values } = parseArgs({ args: argv, options: { stack: { type: "string", multiple: true } } });
    const stacks = values.stack ?? knownStacks();
    // Loaded here, not at the top: importing the preview loads the whole program, which the renderer's tests don't need.
    const { previewStack } = await import("./preview");
    for (const stack of stacks) {
        const { resources } = await previewStack(stack);
        const file = path.join(REPO_ROOT, "docs", `architecture-${stack}.md`);
        writeFileSync(file, renderDiagram(stack, resources));
        console.log(`${path.relative(REPO_ROOT, file)}: ${resources.length} resources`);
        if (stack === README_STACK) {
            const readme = path.join(REPO_ROOT, "README.md");
            writeFileSync(readme, readmeWithDiagram(readFileSync(readme, "utf8"), resources));
            console.log(`README.md: architecture of ${stack}`);
        }
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).catch(err => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    });
}
