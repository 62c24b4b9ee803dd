// Preloaded (`node -r`) into each process `npm run bench` measures: on exit, writes the process's peak resident set
// size, from Node's own resource accounting (getrusage), to the file named by BENCH_PEAK_RSS_FILE.
"use strict";
const fs = require("fs");

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
    process.on("exit", () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
}
