import { join } from "node:path";
import { describe, it } from "vitest";
import { resolveConfig } from "../../infra/config";
import { collectorConfigText } from "../../infra/constructs/logging/log-collector";
import { lokiFiles } from "../../infra/constructs/logging/loki";
import { expectGolden } from "../render/prometheus/golden";

const GOLDEN = join(__dirname, "golden");

describe("logging renderers, golden files (dev profile)", () => {
  const config = resolveConfig("dev");
  it("collector config", () => expectGolden(GOLDEN, "collector.yaml", collectorConfigText(config)));
  it("Loki config", () => expectGolden(GOLDEN, "loki.yaml", lokiFiles(config).config));
  it("Loki ruler rules (edge access log)", () => expectGolden(GOLDEN, "loki-edge-rules.yaml", lokiFiles(config).edgeRules!));
});
