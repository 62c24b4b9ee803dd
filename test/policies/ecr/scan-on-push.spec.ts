import { expectCompliant, expectPreviewAdvisory, expectViolation, fakeResource, UNKNOWN } from "../helpers";
import { repository, withProps } from "../platform-stack";

const registryScanningType = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";

function registryScanning(scanType: string, filter: string, scanFrequency = "SCAN_ON_PUSH") {
    return fakeResource(registryScanningType, "registry-scanning", {
        scanType,
        rules: [{ scanFrequency, repositoryFilters: [{ filter, filterType: "WILDCARD" }] }],
    });
}

const notScanned = withProps(repository, { imageScanningConfiguration: undefined });

describe("policies/ecr/scan-on-push", () => {
    describe("ecr-scan-on-push", () => {
        it("passes a repository with scanOnPush", async () => {
            await expectCompliant("ecr-scan-on-push", [repository]);
        });

        it("flags a repository without scanOnPush", async () => {
            await expectViolation("ecr-scan-on-push", [notScanned], {
                urn: repository.urn,
                message: "scanOnPush is not true",
            });
        });

        it("passes a repository covered by an ENHANCED registry rule", async () => {
            await expectCompliant("ecr-scan-on-push", [
                notScanned,
                registryScanning("ENHANCED", "a*", "CONTINUOUS_SCAN"),
            ]);
        });

        it("passes a repository covered by a BASIC registry scan-on-push rule", async () => {
            await expectCompliant("ecr-scan-on-push", [notScanned, registryScanning("BASIC", "*")]);
        });

        it("ignores the repository's own scanOnPush under ENHANCED scanning that does not match it", async () => {
            await expectViolation("ecr-scan-on-push", [repository, registryScanning("ENHANCED", "worker-*")], {
                message: "registry scanning is ENHANCED and no rule",
            });
        });

        it("does not count MANUAL registry rules", async () => {
            await expectViolation("ecr-scan-on-push", [notScanned, registryScanning("BASIC", "*", "MANUAL")], {
                message: "scanOnPush is not true",
            });
        });

        it("skips repositories in exemptRepositoryNames", async () => {
            await expectCompliant("ecr-scan-on-push", [notScanned], {
                config: { "ecr-scan-on-push": { exemptRepositoryNames: ["api"] } },
            });
        });

        it("passes in a preview when only the name is unknown and the repository scans on push", async () => {
            await expectCompliant("ecr-scan-on-push", [withProps(repository, { name: UNKNOWN })], { preview: true });
        });

        it("is advisory in a preview when an unknown name decides (registry rules)", async () => {
            await expectPreviewAdvisory("ecr-scan-on-push", [
                withProps(notScanned, { name: UNKNOWN }),
                registryScanning("BASIC", "a*"),
            ]);
        });

        it("is advisory in a preview while the scanning setting is unknown", async () => {
            await expectPreviewAdvisory(
                "ecr-scan-on-push",
                [withProps(repository, { imageScanningConfiguration: UNKNOWN })],
                { urn: repository.urn },
            );
        });
    });
});
