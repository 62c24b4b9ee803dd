import { cli } from "../../tools/check";

/** `npm run check`'s entry point in this process, its streams captured (the exit code is its return value). */
export async function checkInProcess(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const written = { stdout: "", stderr: "" };
    const status = await cli(args, {
        stdout: { write: (text: string) => (written.stdout += text) },
        stderr: { write: (text: string) => (written.stderr += text) },
    });
    return { status, ...written };
}
