import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import {
    argsTable,
    COMPONENTS_DIR,
    componentReadmes,
    declarations,
    defaultOf,
    documentedComponents,
    renderedReadme,
} from "../../tools/args-docs";

describe("tools/args-docs (npm run docs:args)", () => {
    const found = declarations();

    for (const file of componentReadmes()) {
        it(`${path.relative(COMPONENTS_DIR, file)}: Args tables match the source (run \`npm run docs:args\`)`, () => {
            const readme = readFileSync(file, "utf8");
            assert.strictEqual(readme, renderedReadme(readme, found));
        });
    }

    const documentedIn = (folder: string) =>
        documentedComponents(readFileSync(path.join(COMPONENTS_DIR, folder, "README.md"), "utf8"));

    it("gives every component its generated table, in its own folder's README", () => {
        const missing = [...found.components]
            .filter(([component, { folder }]) => !documentedIn(folder).includes(component))
            .map(([component, { folder }]) => `${folder}/README.md: ${component}`);
        assert.deepStrictEqual(missing, [], "add its markers and run `npm run docs:args`");
    });

    it("lists nested Args with their path, type and the default the TSDoc states", () => {
        const table = argsTable("Registry", found);
        assert.match(table, /^\| `kmsKeyArn` \| `Input<string>` \| required \| /m);
        assert.match(table, /^\| `lifecycle\.untaggedExpireDays` \| `number` \| 7 \| Days after push/m);
        assert.match(
            argsTable("ServiceSecrets", found),
            /^\| `secrets\.<key>\.rotation\.outOfBand` \| `boolean` \| false \|/m,
        );
    });

    it("reads a default up to the end of its clause, and marks the rest required or none", () => {
        const property = (doc: string, optional = true) => ({ name: "x", type: "number", optional, doc });
        assert.strictEqual(defaultOf(property("Days to keep. Default: 30 (prod); staging passes 7.")), "30");
        assert.strictEqual(defaultOf(property("Name. Default: `a.b` (generated).")), "`a.b`");
        assert.strictEqual(defaultOf(property("Key ARN. Required.", false)), "required");
        assert.strictEqual(defaultOf(property("Tags.")), "none");
    });
});
