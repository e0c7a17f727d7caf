// Loads the Pulumi program through Pulumi's own Node.js entry (@pulumi/pulumi/cmd/run: TypeScript compiled
// by ts-node, its 10.9.x dependency, with the project's typescript and tsconfig.json, package.json "main" as entry),
// with pulumi.runtime.setMocks as the engine double. Prints {outputs, registrations} as JSON on stdout.
// Usage: node pulumi-run-double.js <project dir> <stack config JSON> [<secret keys JSON>]
"use strict";
const path = require("node:path");

async function main() {
  const [projectDir, configJson, secretKeysJson] = process.argv.slice(2);
  process.env.PULUMI_NODEJS_TYPESCRIPT = "true";
  const pulumi = require(path.join(projectDir, "node_modules/@pulumi/pulumi"));
  const registrations = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registrations.push({ type: args.type, name: args.name });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "keelson",
    "dev",
  );
  pulumi.runtime.setAllConfig(JSON.parse(configJson), JSON.parse(secretKeysJson ?? "[]"));
  // cmd/run/index.js is the language host's CLI (it parses argv and exits without --monitor); run.js only
  // reads one exit-code constant from it. Stand in for it so run.js's run() can be called directly.
  const Module = require("node:module");
  const indexPath = require.resolve(path.join(projectDir, "node_modules/@pulumi/pulumi/cmd/run/index.js"));
  const stub = new Module(indexPath);
  stub.filename = indexPath;
  stub.loaded = true;
  stub.exports = { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 };
  require.cache[indexPath] = stub;
  const { run } = require(path.join(projectDir, "node_modules/@pulumi/pulumi/cmd/run/run"));
  let failure;
  const outputs = await run(
    { _: ["."], pwd: projectDir },
    () => {},
    (err) => (failure = err),
    () => failure !== undefined,
  );
  const resolved = await new Promise((resolve) => pulumi.output(outputs).apply(resolve));
  process.stdout.write(JSON.stringify({ outputs: resolved, registrations }));
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
