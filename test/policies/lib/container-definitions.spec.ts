import * as assert from "node:assert/strict";
import {
    containerDefinitions,
    hostMatches,
    parseImage,
    UNKNOWN,
    unknownCheckingProxy,
    UnknownValueError,
} from "../../../policies/lib";

describe("policies/lib/container-definitions", () => {
    describe("containerDefinitions", () => {
        it("parses the JSON string (and accepts an already parsed array)", () => {
            assert.deepEqual(
                containerDefinitions({ containerDefinitions: '[{"name":"api"}]' })?.map(c => c.name),
                ["api"],
            );
            assert.deepEqual(
                containerDefinitions({ containerDefinitions: [{ name: "api" }] })?.map(c => c.name),
                ["api"],
            );
        });

        it("returns undefined for missing, invalid or non-array JSON", () => {
            for (const value of [undefined, "{oops", '{"name":"api"}', "[1]", "null"]) {
                assert.equal(containerDefinitions({ containerDefinitions: value }), undefined, String(value));
            }
        });

        it("throws UnknownValueError for an unknown string, and for unknown values inside the JSON", () => {
            assert.throws(
                () => containerDefinitions(unknownCheckingProxy({ containerDefinitions: UNKNOWN })),
                UnknownValueError,
            );
            const [first] = containerDefinitions({
                containerDefinitions: JSON.stringify([{ name: "api", image: UNKNOWN }]),
            })!;
            assert.equal(first.name, "api");
            assert.throws(() => first.image, UnknownValueError);
        });
    });

    describe("parseImage", () => {
        const cases: [string, ReturnType<typeof parseImage>][] = [
            ["nginx", { registry: "docker.io", repository: "library/nginx", tag: undefined, digest: undefined }],
            ["acme/api:1.2", { registry: "docker.io", repository: "acme/api", tag: "1.2", digest: undefined }],
            [
                "index.docker.io/acme/api",
                { registry: "docker.io", repository: "acme/api", tag: undefined, digest: undefined },
            ],
            [
                "localhost:5000/api:dev",
                { registry: "localhost:5000", repository: "api", tag: "dev", digest: undefined },
            ],
            [
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.0@sha256:abc",
                {
                    registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
                    repository: "team/api",
                    tag: "1.0",
                    digest: "sha256:abc",
                },
            ],
            [
                "public.ecr.aws/nginx/nginx@sha256:def",
                { registry: "public.ecr.aws", repository: "nginx/nginx", tag: undefined, digest: "sha256:def" },
            ],
        ];
        for (const [image, expected] of cases) {
            it(`parses ${image}`, () => assert.deepEqual(parseImage(image), expected));
        }
    });

    describe("hostMatches", () => {
        it("matches * within the host, case-insensitively", () => {
            assert.ok(hostMatches("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "*.dkr.ecr.*.amazonaws.com"));
            assert.ok(hostMatches("Public.ECR.aws", "public.ecr.aws"));
            assert.ok(!hostMatches("123456789012.dkr.ecr.eu-west-1.amazonaws.com.cn", "*.dkr.ecr.*.amazonaws.com"));
            assert.ok(!hostMatches("evil.example.com", "*.dkr.ecr.*.amazonaws.com"));
            assert.ok(!hostMatches("docker.io", "*.docker.io"));
        });
    });
});
