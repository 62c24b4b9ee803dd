// Entry point of the Pulumi program (Pulumi.yaml `main: infra/`). The stack outputs are what `main` returns.
import { main } from "./program";

export = main();
