/**
 * `npm run docs:args`: writes the Args table of every component into its folder's README, from the Args
 * interfaces themselves (their properties, types and TSDoc), between `<!-- args:<Component>:start -->` and
 * `<!-- args:<Component>:end -->`. A spec fails when a table is out of date or missing.
 */
import { readdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { parseArgs } from "node:util";
import * as ts from "typescript";
import { REPO_ROOT } from "../testing/stack-file";

export const COMPONENTS_DIR = path.join(REPO_ROOT, "components");

interface Property {
    name: string;
    optional: boolean;
    type: string;
    doc: string;
}

interface Declarations {
    /** Interface name → its properties, base interfaces' first. */
    interfaces: Map<string, { bases: string[]; properties: Property[] }>;
    /** Component class → the name of its Args interface, and the folder it lives in. */
    components: Map<string, { args: string; folder: string }>;
}

/** The interfaces and component classes of every source file under components/ (syntax only: fast). */
export function declarations(dir: string = COMPONENTS_DIR): Declarations {
    const found: Declarations = { interfaces: new Map(), components: new Map() };
    const visit = (folder: string) => {
        for (const entry of readdirSync(folder, { withFileTypes: true })) {
            const file = path.join(folder, entry.name);
            if (entry.isDirectory() && entry.name !== "node_modules" && entry.name !== "dist") visit(file);
            if (entry.isFile() && entry.name.endsWith(".ts")) collect(file, path.relative(dir, folder), found);
        }
    };
    visit(dir);
    return found;
}

function collect(file: string, folder: string, found: Declarations): void {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    for (const node of source.statements) {
        if (ts.isInterfaceDeclaration(node)) {
            const bases = (node.heritageClauses ?? []).flatMap(clause => clause.types.map(t => t.expression.getText()));
            const properties = node.members.filter(ts.isPropertySignature).map(member => ({
                name: member.name.getText(),
                optional: member.questionToken !== undefined,
                type: member.type?.getText() ?? "any",
                doc: docOf(member),
            }));
            found.interfaces.set(node.name.text, { bases, properties });
        }
        if (ts.isClassDeclaration(node) && node.name && node.heritageClauses) {
            const constructor = node.members.find(ts.isConstructorDeclaration);
            const args = constructor?.parameters.find(p => p.name.getText() === "args")?.type?.getText();
            if (args) found.components.set(node.name.text, { args, folder });
        }
    }
}

function docOf(node: ts.Node): string {
    const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
    return docs
        .map(doc => ts.getTextOfJSDocComment(doc.comment) ?? "")
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
}

/** The properties of an interface, its bases' included (a property it redeclares replaces the base's). */
function propertiesOf(found: Declarations, name: string): Property[] {
    const declared = found.interfaces.get(name);
    if (!declared) return [];
    const own = new Set(declared.properties.map(p => p.name));
    const inherited = declared.bases.flatMap(base => propertiesOf(found, base)).filter(p => !own.has(p.name));
    return [...inherited, ...declared.properties];
}

/** `X`, `X[]` or `Record<string, X>` of a package interface X: where a property's rows continue. */
function nestedInterface(found: Declarations, type: string): { name: string; suffix: string } | undefined {
    const match = /^(?:Record<string, (\w+)>|(\w+)\[\]|(\w+))$/.exec(type);
    const name = match?.[1] ?? match?.[2] ?? match?.[3];
    if (!name || !found.interfaces.has(name)) return undefined;
    return { name, suffix: match![1] ? ".<key>" : match![2] ? "[]" : "" };
}

/** What the TSDoc says the default is: `required`, or the text after `Default:` up to the end of its clause. */
export function defaultOf(property: Property): string {
    const match = /Default:\s*((?:`[^`]*`|[^`])*?)(?=[.;:]\s|[.;]$|$|\s\()/.exec(property.doc);
    if (match) return match[1].trim();
    return property.optional ? "none" : "required";
}

function describe(doc: string): string {
    return doc
        .replace(/\s*Default:\s*(?:`[^`]*`|[^`])*?(?:\.\s|\.$|$)/, " ")
        .replace(/\s*Required\.\s*/, " ")
        .trim();
}

function escape(text: string): string {
    return text.replace(/\|/g, "\\|");
}

/** The Args table of one component. */
export function argsTable(component: string, found: Declarations = declarations()): string {
    const declared = found.components.get(component);
    if (!declared) throw new Error(`no component ${component} under components/`);
    const rows: string[] = [];
    const addRows = (interfaceName: string, prefix: string, depth: number) => {
        for (const property of propertiesOf(found, interfaceName)) {
            const key = `${prefix}${property.name}`;
            const type = property.type.replace(/pulumi\.Input<(.+)>/, "Input<$1>");
            rows.push(
                `| \`${key}\` | \`${escape(type)}\` | ${escape(defaultOf(property))} | ${escape(describe(property.doc))} |`,
            );
            const nested = depth < 2 ? nestedInterface(found, property.type) : undefined;
            if (nested) addRows(nested.name, `${key}${nested.suffix}.`, depth + 1);
        }
    };
    addRows(declared.args, "", 0);
    return ["| Arg | Type | Default | Description |", "|---|---|---|---|", ...rows].join("\n");
}

const marker = (component: string, edge: "start" | "end") => `<!-- args:${component}:${edge} -->`;

/** The components whose folder README carries their table's markers. */
export function documentedComponents(readme: string): string[] {
    return [...readme.matchAll(/<!-- args:(\w+):start -->/g)].map(m => m[1]);
}

/** A README with every Args table between markers regenerated. */
export function renderedReadme(readme: string, found: Declarations = declarations()): string {
    return documentedComponents(readme).reduce((text, component) => {
        const start = text.indexOf(marker(component, "start")) + marker(component, "start").length;
        const end = text.indexOf(marker(component, "end"));
        if (end < start) throw new Error(`${marker(component, "start")} without its end marker`);
        return `${text.slice(0, start)}\n${argsTable(component, found)}\n${text.slice(end)}`;
    }, readme);
}

/** Each folder README under components/, by path. */
export function componentReadmes(): string[] {
    return readdirSync(COMPONENTS_DIR, { withFileTypes: true })
        .filter(entry => entry.isDirectory())
        .map(entry => path.join(COMPONENTS_DIR, entry.name, "README.md"))
        .filter(file => {
            try {
                readFileSync(file);
                return true;
            } catch {
                return false;
            }
        });
}

if (require.main === module) {
    parseArgs({ options: {} }); // takes no arguments: rejects any
    const found = declarations();
    for (const file of componentReadmes()) {
        writeFileSync(file, renderedReadme(readFileSync(file, "utf8"), found));
    }
    console.log("components/*/README.md: Args tables regenerated");
}
