/**
 * Sets the image tag of services in stack files: what the image workflow commits in its bump pull request.
 *
 *   npm run set-image-tag -- --tag sha-<commit> --stack staging --stack prod --service web --service api
 *
 * It rewrites just the tag values in the text, in place of `pulumi config set --path`, which reformats the file:
 * comments and layout survive (the diff is the tag lines only), and no Pulumi credentials are needed to edit a file.
 */
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { isMap, isScalar, parse, parseDocument } from "yaml";

const SERVICES_KEY = "ecs-platform:services";
/** The tags the stack config accepts (infra/config/schema.ts): an image tag, never `latest`. */
const IMMUTABLE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Returns the stack file text with `services.<name>.image.tag` replaced for each service. Every service must exist,
 * deploy an ECR image (`image.source: ecr`) and already name a tag; anything else throws, naming the file and service.
 */
export function setImageTag(text: string, file: string, services: string[], tag: string): string {
    if (!IMMUTABLE_TAG.test(tag) || tag === "latest") {
        throw new Error(`"${tag}" is not an immutable image tag.`);
    }
    // Quoted only if YAML would otherwise read it as something other than this string (e.g. a number).
    const value = parse(tag) === tag ? tag : JSON.stringify(tag);
    const doc = parseDocument(text);
    const ranges = services.map(service => {
        const image = ["config", SERVICES_KEY, service, "image"];
        if (!isMap(doc.getIn(image, true))) {
            throw new Error(`${file}: no service "${service}" with an image under ${SERVICES_KEY}.`);
        }
        if (doc.getIn([...image, "source"]) !== "ecr") {
            throw new Error(`${file}: service "${service}" does not deploy an ECR image (image.source is not "ecr").`);
        }
        const current = doc.getIn([...image, "tag"], true);
        if (!isScalar(current) || !current.range) {
            throw new Error(`${file}: service "${service}" names no image.tag to replace.`);
        }
        return current.range;
    });
    // From the end of the text backwards, so earlier offsets stay valid.
    return ranges
        .sort((a, b) => b[0] - a[0])
        .reduce((result, [start, end]) => `${result.slice(0, start)}${value}${result.slice(end)}`, text);
}

function main(argv: string[]): void {
    const { values } = parseArgs({
        args: argv,
        options: {
            tag: { type: "string" },
            stack: { type: "string", multiple: true },
            service: { type: "string", multiple: true },
        },
    });
    if (!values.tag || !values.stack?.length || !values.service?.length) {
        throw new Error("usage: set-image-tag --tag <tag> --stack <stack>... --service <service>...");
    }
    for (const stack of values.stack) {
        const file = path.resolve(__dirname, "..", `Pulumi.${stack}.yaml`);
        writeFileSync(file, setImageTag(readFileSync(file, "utf8"), path.basename(file), values.service, values.tag));
    }
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (err) {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    }
}
