import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { budgetFromEstimate, resolveBudget } from "../../infra/config/budget";
import { parseStackConfig } from "../../infra/config/load";
import { readStackFile } from "../../testing/stack-file";

const base = { stack: "qa", stackFile: "Pulumi.qa.yaml", alarms: { emails: ["alerts@example.com"] } };

function defaultsFile(limits: Record<string, number>): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "budget-")), "budget-defaults.json");
    writeFileSync(file, JSON.stringify({ limits }));
    return file;
}

describe("infra/config/budget", () => {
    it("derives the default limit from the estimate: 1.5 × the idle floor, rounded up to $10", () => {
        assert.deepStrictEqual([102.66, 424.2, 0.5].map(budgetFromEstimate), [160, 640, 10]);
    });

    it("takes the configured limit and addresses first, else the recorded default and the alarm addresses", () => {
        const file = defaultsFile({ qa: 160 });
        assert.deepStrictEqual(resolveBudget({ ...base, budget: {} }, file), {
            limitUsd: 160,
            emails: ["alerts@example.com"],
        });
        assert.deepStrictEqual(
            resolveBudget({ ...base, budget: { monthlyLimit: 75, emails: ["fin@example.com"] } }, file),
            {
                limitUsd: 75,
                emails: ["fin@example.com"],
            },
        );
    });

    it("is a config error, naming both keys, without a limit or anyone to alert", () => {
        assert.throws(
            () => resolveBudget({ ...base, alarms: { emails: [] }, budget: {} }, defaultsFile({})),
            (err: Error) =>
                err.name === "ConfigError" &&
                /ecs-platform:budget\.monthlyLimit: is unset and no default is recorded for stack qa/.test(
                    err.message,
                ) &&
                /ecs-platform:budget\.emails/.test(err.message),
        );
    });

    it("validates the budget keys of the stack file (a typo is an error)", () => {
        const file = readStackFile("staging");
        const values = { ...file.values, "ecs-platform:budget": JSON.stringify({ ceilng: 150 }) };
        assert.throws(
            () => parseStackConfig({ stack: "staging", values, secretKeys: [] }),
            (err: Error) => /ecs-platform:budget\.ceilng/.test(err.message),
        );
        const ok = parseStackConfig({ stack: "staging", values: file.values, secretKeys: [] });
        assert.strictEqual(ok.budget.ceiling, 150);
    });
});
