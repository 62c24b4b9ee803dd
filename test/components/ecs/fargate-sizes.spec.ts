import * as assert from "assert";
import fc from "fast-check";
import {
    allowedMemoryFor,
    FARGATE_CPU_VALUES,
    FARGATE_MEMORY_BY_CPU,
    fargateSizeProblem,
    isValidFargateSize,
} from "../../../components/ecs/fargate-sizes";

/** The AWS table from 512 CPU up, written out as ranges (first, last, step) independently of the implementation. */
const DOCUMENTED_RANGES: [number, number, number, number][] = [
    [512, 1024, 4096, 1024],
    [1024, 2048, 8192, 1024],
    [2048, 4096, 16384, 1024],
    [4096, 8192, 30720, 1024],
    [8192, 16384, 61440, 4096],
    [16384, 32768, 122880, 8192],
];

describe("components/ecs/fargate-sizes", () => {
    it("matches the documented ranges from 512 CPU up", () => {
        assert.deepStrictEqual([...FARGATE_CPU_VALUES], [256, ...DOCUMENTED_RANGES.map(([cpu]) => cpu)]);
        for (const [cpu, first, last, step] of DOCUMENTED_RANGES) {
            const memory = allowedMemoryFor(cpu);
            assert.strictEqual(memory[0], first, `first memory for ${cpu}`);
            assert.strictEqual(memory[memory.length - 1], last, `last memory for ${cpu}`);
            assert.strictEqual(memory.length, (last - first) / step + 1, `count for ${cpu}`);
            assert.ok(
                memory.every((m, i) => i === 0 || m - memory[i - 1] === step),
                `step for ${cpu}`,
            );
        }
    });

    it("lists 256 CPU's three sizes and rejects the gaps of the 256 row", () => {
        assert.deepStrictEqual(FARGATE_MEMORY_BY_CPU[256], [512, 1024, 2048]);
        assert.strictEqual(isValidFargateSize(256, 1536), false);
        assert.strictEqual(isValidFargateSize(256, 4096), false);
    });

    it("accepts and rejects known pairs", () => {
        assert.strictEqual(isValidFargateSize(256, 512), true);
        assert.strictEqual(isValidFargateSize(512, 512), false);
        assert.strictEqual(isValidFargateSize(1024, 8192), true);
        assert.strictEqual(isValidFargateSize(1024, 9216), false);
        assert.strictEqual(isValidFargateSize(8192, 20480), true);
        assert.strictEqual(isValidFargateSize(8192, 18432), false, "8 vCPU steps by 4 GiB");
        assert.strictEqual(isValidFargateSize(16384, 40960), true);
        assert.strictEqual(isValidFargateSize(16384, 36864), false, "16 vCPU steps by 8 GiB");
        assert.strictEqual(isValidFargateSize(300, 512), false);
    });

    it("has no memory for a CPU value Fargate does not offer", () => {
        assert.deepStrictEqual(allowedMemoryFor(3000), []);
    });

    it("accepts exactly the listed memory values (property)", () => {
        fc.assert(
            fc.property(fc.constantFrom(...FARGATE_CPU_VALUES), fc.integer({ min: 0, max: 140000 }), (cpu, memory) => {
                assert.strictEqual(isValidFargateSize(cpu, memory), allowedMemoryFor(cpu).includes(memory));
                assert.strictEqual(fargateSizeProblem(cpu, memory) === undefined, isValidFargateSize(cpu, memory));
            }),
        );
    });

    it("explains a rejected size with the allowed values", () => {
        assert.strictEqual(fargateSizeProblem(512, 2048), undefined);
        assert.match(fargateSizeProblem(256, 4096) ?? "", /memory 4096 MiB with cpu 256; allowed: 512, 1024, 2048 MiB/);
        assert.match(fargateSizeProblem(2048, 2048) ?? "", /allowed: 4096–16384 MiB in steps of 1024/);
        assert.match(fargateSizeProblem(3000, 4096) ?? "", /no task cpu 3000; use one of 256, 512/);
    });
});
