import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setImageTag } from "../../tools/set-image-tag";

const TAG = "sha-0123456789abcdef0123456789abcdef01234567";

const stackFile = [
    "# Staging stack",
    "config:",
    "  aws:region: eu-west-1",
    "  ecs-platform:services:",
    "    web:",
    "      image:",
    "        source: ecr",
    "        tag: v0.1.0        # CI-owned",
    "      route:",
    '        paths: ["/*"]',
    "    proxy:",
    "      image:",
    "        source: external",
    "        name: docker.io/library/nginx:1.27",
    "",
].join("\n");

/** Lines that differ between two texts of the same length in lines. */
function changedLines(before: string, after: string): string[] {
    const a = before.split("\n");
    const b = after.split("\n");
    assert.equal(b.length, a.length, "lines were added or removed");
    return b.filter((line, index) => line !== a[index]);
}

describe("tools/set-image-tag", () => {
    it("changes only the tag line, keeping comments and layout", () => {
        const updated = setImageTag(stackFile, "Pulumi.staging.yaml", ["web"], TAG);
        assert.deepEqual(changedLines(stackFile, updated), [`        tag: ${TAG}        # CI-owned`]);
    });

    it("is idempotent", () => {
        const once = setImageTag(stackFile, "Pulumi.staging.yaml", ["web"], TAG);
        assert.equal(setImageTag(once, "Pulumi.staging.yaml", ["web"], TAG), once);
    });

    it("refuses a service that is missing or does not deploy an ECR image", () => {
        assert.throws(
            () => setImageTag(stackFile, "Pulumi.staging.yaml", ["api"], TAG),
            /Pulumi\.staging\.yaml: no service "api"/,
        );
        assert.throws(
            () => setImageTag(stackFile, "Pulumi.staging.yaml", ["proxy"], TAG),
            /"proxy" does not deploy an ECR image/,
        );
    });

    it("refuses a service without a tag to replace", () => {
        const digestOnly = stackFile.replace("        tag: v0.1.0        # CI-owned\n", "");
        assert.throws(
            () => setImageTag(digestOnly, "Pulumi.staging.yaml", ["web"], TAG),
            /"web" names no image.tag to replace/,
        );
    });

    it("quotes a tag YAML would read as a number", () => {
        const updated = setImageTag(stackFile, "Pulumi.staging.yaml", ["web"], "20240101");
        assert.deepEqual(changedLines(stackFile, updated), ['        tag: "20240101"        # CI-owned']);
    });

    it("refuses mutable or malformed tags", () => {
        assert.throws(
            () => setImageTag(stackFile, "Pulumi.staging.yaml", ["web"], "latest"),
            /not an immutable image tag/,
        );
        assert.throws(
            () => setImageTag(stackFile, "Pulumi.staging.yaml", ["web"], "sha 1"),
            /not an immutable image tag/,
        );
    });

    for (const stack of ["staging", "prod"]) {
        it(`touches only the image tags in Pulumi.${stack}.yaml for the services the image workflow deploys`, () => {
            const text = readFileSync(join(__dirname, "..", "..", `Pulumi.${stack}.yaml`), "utf8");
            const changed = changedLines(text, setImageTag(text, `Pulumi.${stack}.yaml`, ["web", "api"], TAG));
            assert.equal(changed.length, 2);
            for (const line of changed) {
                assert.match(line, new RegExp(`^\\s+tag: ${TAG}(\\s+#.*)?$`));
            }
        });
    }
});
