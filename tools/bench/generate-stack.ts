import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { REPO_ROOT } from "../../testing/stack-file";

const SERVICES_KEY = "ecs-platform:services";

/** A stack written by {@link generateStack}: pass `dir` and `stack` to `npm run check -- --dir … --stack …`. */
export interface GeneratedStack {
    dir: string;
    stack: string;
    services: number;
}

/**
 * The prod stack with its services replaced by `services` copies of its richest load-balanced service (the one
 * with the most settings, so each copy carries routes, scaling and secrets), each on its own path and listener
 * rule priority, with prod's policy config, in a scratch directory. It keeps the stack's name, so that whatever the
 * program derives from the name (environment defaults, recorded budgets) is prod's.
 */
export function generateStack(services: number, base = "prod"): GeneratedStack {
    const doc = parse(readFileSync(path.join(REPO_ROOT, `Pulumi.${base}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
    };
    const template = richestRoutedService(doc.config[SERVICES_KEY] as Record<string, Record<string, unknown>>, base);
    doc.config[SERVICES_KEY] = Object.fromEntries(
        Array.from({ length: services }, (_, i) => [
            `svc-${i}`,
            { ...template, calls: [], route: { paths: [`/svc-${i}/*`], priority: 100 + 2 * i } },
        ]),
    );
    const dir = mkdtempSync(path.join(tmpdir(), "ecs-platform-bench-"));
    const stack = base;
    // The copies share the template's nested objects: written out in full, not as YAML anchors and aliases, which
    // a reader caps (the yaml package refuses more than 100 aliases: "Excessive alias count").
    writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify(doc, { aliasDuplicateObjects: false }));
    mkdirSync(path.join(dir, "policies"));
    copyFileSync(
        path.join(REPO_ROOT, "policies", `config.${base}.json`),
        path.join(dir, "policies", `config.${stack}.json`),
    );
    return { dir, stack, services };
}

function richestRoutedService(
    services: Record<string, Record<string, unknown>>,
    stack: string,
): Record<string, unknown> {
    const routed = Object.values(services).filter(service => service.route !== undefined);
    if (routed.length === 0) {
        throw new Error(`Pulumi.${stack}.yaml has no service with a route to copy`);
    }
    return routed.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
}
