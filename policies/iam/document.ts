/**
 * Parsing and matching for IAM policy documents (identity, trust, key and repository policies).
 *
 * Props hold documents either as JSON strings (`JSON.stringify(...)`, `pulumi.jsonStringify(...)`, provider outputs) or as
 * `aws.iam.PolicyDocument` objects. Both normalize to {@link Statement}s with every list field as an array, so policies
 * never branch on `string | string[]`. Reading goes through the engine's unknown-checking proxy: an unknown document or leaf
 * throws `UnknownValueError` here, which the engine reports as an advisory, never as a pass.
 */
import type { PolicyConfigSchema, ReportViolation } from "@pulumi/policy";
import { hasRestrictingCondition } from "./conditions";
import { compiledRegExp } from "../lib";

/** One statement, normalized. */
export interface Statement {
    /** `Sid`, when present. */
    sid?: string;
    /** `Allow` or `Deny` (anything else is rejected by IAM and reported by {@link parsePolicyDocument}). */
    effect: "Allow" | "Deny";
    /** `Action`, as a list (empty when the statement uses `NotAction`). */
    actions: string[];
    /** `NotAction`, as a list; `undefined` when absent. */
    notActions?: string[];
    /** `Resource`, as a list (empty when the statement uses `NotResource` or names none, as trust policies do). */
    resources: string[];
    /** `NotResource`, as a list; `undefined` when absent. */
    notResources?: string[];
    /** `Principal`: `"*"`, or principal type (`AWS`, `Service`, `Federated`, `CanonicalUser`) → values; `undefined` when absent. */
    principal?: "*" | Record<string, string[]>;
    /** `true` when the statement uses `NotPrincipal` (an Allow with it grants everyone else). */
    notPrincipal: boolean;
    /** `Condition`: operator → condition key → values (keys kept as written). */
    conditions: Record<string, Record<string, string[]>>;
}

/** The outcome of parsing: statements, or why the document is not a valid policy. */
export type ParsedDocument = { ok: true; statements: Statement[] } | { ok: false; reason: string };

/** Parses a policy document given as a JSON string or an object. */
export function parsePolicyDocument(document: unknown): ParsedDocument {
    let value: unknown = document;
    if (typeof document === "string") {
        try {
            value = JSON.parse(document);
        } catch {
            return { ok: false, reason: "is not valid JSON" };
        }
    }
    if (!isRecord(value)) {
        return { ok: false, reason: "is not a JSON object" };
    }
    const rawStatements = value.Statement;
    const list = Array.isArray(rawStatements) ? rawStatements : rawStatements === undefined ? [] : [rawStatements];
    const statements: Statement[] = [];
    for (const [index, raw] of list.entries()) {
        if (!isRecord(raw) || (raw.Effect !== "Allow" && raw.Effect !== "Deny")) {
            return {
                ok: false,
                reason: `has a malformed statement #${index + 1} (needs an object with Effect Allow or Deny)`,
            };
        }
        statements.push({
            sid: typeof raw.Sid === "string" ? raw.Sid : undefined,
            effect: raw.Effect,
            actions: stringList(raw.Action),
            notActions: raw.NotAction === undefined ? undefined : stringList(raw.NotAction),
            resources: stringList(raw.Resource),
            notResources: raw.NotResource === undefined ? undefined : stringList(raw.NotResource),
            principal: principalOf(raw.NotPrincipal ?? raw.Principal),
            notPrincipal: raw.NotPrincipal !== undefined,
            conditions: conditionsOf(raw.Condition),
        });
    }
    return { ok: true, statements };
}

/** The statements of a document that grant (`Allow`); deny statements only narrow access, so checks ignore them. */
export function allowStatements(statements: Statement[]): Statement[] {
    return statements.filter(s => s.effect === "Allow");
}

/** Whether an IAM wildcard pattern (`*` any run of characters, `?` one character) matches `value`, case-sensitively as ARNs are. */
export function wildcardMatches(pattern: string, value: string): boolean {
    return compiledRegExp(pattern, wildcardSource).test(value);
}

/** Whether an action pattern (`kms:ReEncrypt*`) matches an action; IAM action names are case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
    return compiledRegExp(pattern, wildcardSource, "i").test(action);
}

function wildcardSource(pattern: string): string {
    const source = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return `^${source}$`;
}

/** Whether an Allow statement grants `action` (through `Action`, or through `NotAction` not excluding it). */
export function grantsAction(statement: Statement, action: string): boolean {
    if (statement.effect !== "Allow") return false;
    if (statement.notActions) return !statement.notActions.some(pattern => actionMatches(pattern, action));
    return statement.actions.some(pattern => actionMatches(pattern, action));
}

/** Whether a statement applies to every resource: `Resource: "*"` or any `NotResource`. */
export function coversAllResources(statement: Statement): boolean {
    return statement.notResources !== undefined || statement.resources.includes("*");
}

/**
 * Whether a resource pattern covers every resource of one type of a service: `*`, `arn:…:<service>:…:*` or
 * `arn:…:<service>:…:<resourceType>/*` (region and account may be anything).
 */
export function isUnscopedResource(resource: string, service: string, resourceType: string): boolean {
    if (resource === "*") return true;
    const arn = parseArn(resource);
    if (arn === undefined || !wildcardMatches(arn.service, service)) return false;
    const prefix = `${resourceType}/`;
    const id = arn.resource.startsWith(prefix) ? arn.resource.slice(prefix.length) : arn.resource;
    return /^\*+$/.test(id);
}

/** Whether an action pattern is a wildcard (`*`, `svc:*`, `svc:Get*`). */
export function isWildcardAction(action: string): boolean {
    return action.includes("*") || action.includes("?");
}

/** Whether an Allow statement's principal is everyone: `"*"`, `{AWS: "*"}`, or any `NotPrincipal`. */
export function grantsToEveryone(statement: Statement): boolean {
    if (statement.effect !== "Allow") return false;
    if (statement.notPrincipal || statement.principal === "*") return true;
    return statement.principal?.AWS?.includes("*") === true;
}

/**
 * Condition keys that pin a statement to known callers (an account, an organization, a principal, a source resource or
 * a network path). A statement open to everyone is acceptable only with one of them, holding no wildcard-only value.
 * `kms:ViaService` is deliberately absent: it names the calling service, not whose request it is.
 */
export const CALLER_RESTRICTING_CONDITION_KEYS: readonly string[] = [
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalArn",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "kms:CallerAccount",
];

/** Whether the statement has a condition on `key` (case-insensitive), under any operator. */
export function hasConditionKey(statement: Statement, key: string): boolean {
    const wanted = key.toLowerCase();
    return Object.values(statement.conditions).some(byKey => Object.keys(byKey).some(k => k.toLowerCase() === wanted));
}

/**
 * The config schema of a policy that accepts a statement for everyone only with a caller-pinning condition:
 * `restrictingConditionKeys`, by default {@link CALLER_RESTRICTING_CONDITION_KEYS}, described by `description`.
 */
export function restrictingConditionKeysSchema(description: string) {
    return {
        properties: {
            restrictingConditionKeys: {
                type: "array",
                items: { type: "string" },
                default: [...CALLER_RESTRICTING_CONDITION_KEYS],
                description,
            },
        },
    } satisfies PolicyConfigSchema;
}

/**
 * Reports a resource policy `document` that does not parse, and each of its Allow statements for everyone
 * ({@link grantsToEveryone}) without a condition on one of `restrictingConditionKeys`.
 */
export function reportStatementsForEveryone(
    document: unknown,
    restrictingConditionKeys: readonly string[],
    reportViolation: ReportViolation,
): void {
    const parsed = parsePolicyDocument(document);
    if (!parsed.ok) {
        reportViolation(`policy ${parsed.reason}.`);
        return;
    }
    parsed.statements.forEach((statement, index) => {
        if (grantsToEveryone(statement) && !hasRestrictingCondition(statement, restrictingConditionKeys)) {
            reportViolation(
                `${describeStatement(statement, index)} allows ${describeActions(statement)} to everyone without a condition on ${restrictingConditionKeys.join(", ")}.`,
            );
        }
    });
}

/** Short human label for a statement in violation messages. */
export function describeStatement(statement: Statement, index: number): string {
    return statement.sid ? `statement "${statement.sid}"` : `statement #${index + 1}`;
}

/** The actions a statement names, for messages: `a, b` or `everything except NotAction [a, b]`. */
export function describeActions(statement: Statement): string {
    return statement.notActions
        ? `everything except NotAction [${statement.notActions.join(", ")}]`
        : statement.actions.join(", ");
}

/** An ARN's parts; `resource` keeps its own `:` and `/` separators. */
export interface Arn {
    /** `aws`, `aws-cn`, `aws-us-gov`. */
    partition: string;
    /** Service namespace, e.g. `logs`. */
    service: string;
    /** Region; empty for global services. */
    region: string;
    /** Account id; empty for some resources, `aws` for AWS managed policies. */
    account: string;
    /** Resource part, e.g. `log-group:/ecs/app:*` or `policy/service-role/X`. */
    resource: string;
}

/** Splits an ARN into its parts; `undefined` when `value` is not an ARN. */
export function parseArn(value: string): Arn | undefined {
    const parts = value.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    const [, partition, service, region, account, ...resource] = parts as [
        string,
        string,
        string,
        string,
        string,
        ...string[],
    ];
    return { partition, service, region, account, resource: resource.join(":") };
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map(v => String(v));
}

function principalOf(value: unknown): Statement["principal"] {
    if (value === undefined) return undefined;
    if (value === "*") return "*";
    if (!isRecord(value)) return { AWS: stringList(value) };
    return Object.fromEntries(Object.entries(value).map(([type, ids]) => [type, stringList(ids)]));
}

function conditionsOf(value: unknown): Statement["conditions"] {
    if (!isRecord(value)) return {};
    return Object.fromEntries(
        Object.entries(value).map(([operator, byKey]) => [
            operator,
            isRecord(byKey) ? Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, stringList(v)])) : {},
        ]),
    );
}
