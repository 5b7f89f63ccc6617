#!/usr/bin/env node
"use strict";
// Reference oracle for the inferlab histogram, backed by hdr-histogram-js.
//
// Reads a line-based protocol on stdin, writes one JSON object per line on
// stdout. See README.md in this directory for the protocol.

const readline = require("readline");
const hdr = require("hdr-histogram-js");
const RecordedValuesIterator =
  require("hdr-histogram-js/dist/RecordedValuesIterator").default;

const STANDARD_PERCENTILES = [0, 50, 90, 99, 99.9, 100];
const V2_COOKIE_BASE = 0x1c849303;
const V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function parseNumber(text, what) {
  if (text === undefined || !NUMBER_RE.test(text)) {
    throw new Error(`${what}: not a number: ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function parseInteger(text, what) {
  const n = parseNumber(text, what);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`${what}: not a safe integer: ${text}`);
  }
  return n;
}

function expectArgs(args, n, usage) {
  if (args.length !== n) throw new Error(`usage: ${usage}`);
}

// Java-style getMinValue(): 0 when empty or when value 0 was recorded,
// otherwise the library's minNonZeroValue field.
function minValue(h) {
  if (h.totalCount === 0 || h.getCountAtIndex(0) > 0) return 0;
  return h.minNonZeroValue;
}

function recordedValues(h) {
  const out = [];
  const it = new RecordedValuesIterator(h);
  while (it.hasNext()) {
    const v = it.next();
    out.push([v.valueIteratedTo, v.countAtValueIteratedTo]);
  }
  return out;
}

function summarize(name, h, percentiles) {
  return {
    name,
    total_count: h.totalCount,
    min: minValue(h),
    min_non_zero: h.minNonZeroValue,
    max: h.maxValue,
    mean: h.mean,
    stddev: h.stdDeviation,
    percentiles: percentiles.map((p) => [p, h.getValueAtPercentile(p)]),
    recorded: recordedValues(h),
    encoded: hdr.encodeIntoCompressedBase64(h),
  };
}

function decodeBlob(name, b64) {
  const bytes = Uint8Array.from(Buffer.from(b64, "base64"));
  if (bytes.length < 8) throw new Error("blob too short");
  const cookie = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  const base = (cookie & ~0xf0) >>> 0;
  let h;
  if (base === V2_COMPRESSED_COOKIE_BASE) {
    h = hdr.decodeFromCompressedBase64(b64, 64, false);
  } else if (base === V2_COOKIE_BASE) {
    h = hdr.JsHistogram.decode(bytes, 64);
  } else {
    throw new Error(`unknown cookie 0x${cookie.toString(16)}`);
  }
  const result = summarize(name, h, STANDARD_PERCENTILES);
  result.lowest = h.lowestDiscernibleValue;
  result.highest = h.highestTrackableValue;
  result.sigfigs = h.numberOfSignificantValueDigits;
  return result;
}

function main() {
  const emit = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

  // State of the histogram being built between "histogram" and "end".
  let cur = null;

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    const hash = line.indexOf("#");
    const words = (hash >= 0 ? line.slice(0, hash) : line).trim().split(/\s+/);
    if (words[0] === "") return;
    const [cmd, ...args] = words;

    if (cmd === "histogram") {
      if (cur) emit({ name: cur.name, error: "histogram not closed with end" });
      cur = { name: args[0] === undefined ? null : args[0], h: null, error: null,
              percentiles: STANDARD_PERCENTILES, hgrm: null };
      try {
        expectArgs(args, 4, "histogram <name> <lowest> <highest> <sigfigs>");
        cur.h = hdr.build({
          bitBucketSize: 64,
          useWebAssembly: false,
          autoResize: false,
          lowestDiscernibleValue: parseInteger(args[1], "lowest"),
          highestTrackableValue: parseInteger(args[2], "highest"),
          numberOfSignificantValueDigits: parseInteger(args[3], "sigfigs"),
        });
      } catch (e) {
        cur.error = e.message || String(e);
      }
      return;
    }

    if (cmd === "decode") {
      const name = args[0] === undefined ? null : args[0];
      try {
        expectArgs(args, 2, "decode <name> <base64>");
        emit(decodeBlob(name, args[1]));
      } catch (e) {
        emit({ name, error: e.message || String(e) });
      }
      return;
    }

    if (!cur) {
      emit({ name: null, error: `'${cmd}' outside of a histogram block` });
      return;
    }
    if (cur.error) {
      if (cmd === "end") {
        emit({ name: cur.name, error: cur.error });
        cur = null;
      }
      return; // skip the rest of a failed block
    }

    try {
      switch (cmd) {
        case "record":
          expectArgs(args, 2, "record <value> <count>");
          cur.h.recordValueWithCount(parseInteger(args[0], "value"),
                                     parseInteger(args[1], "count"));
          break;
        case "percentiles":
          cur.percentiles = args.map((p) => parseNumber(p, "percentile"));
          break;
        case "hgrm":
          expectArgs(args, 2, "hgrm <ticks_per_half_distance> <output_value_unit_scaling_ratio>");
          cur.hgrm = [parseInteger(args[0], "ticks"), parseNumber(args[1], "scaling ratio")];
          if (cur.hgrm[0] < 1) throw new Error("ticks must be >= 1");
          break;
        case "end": {
          expectArgs(args, 0, "end");
          const result = summarize(cur.name, cur.h, cur.percentiles);
          if (cur.hgrm) {
            result.hgrm = cur.h.outputPercentileDistribution(cur.hgrm[0], cur.hgrm[1]);
          }
          emit(result);
          cur = null;
          break;
        }
        default:
          throw new Error(`unknown command '${cmd}'`);
      }
    } catch (e) {
      // Library code sometimes throws plain strings.
      cur.error = e.message || String(e);
      if (cmd === "end") {
        emit({ name: cur.name, error: cur.error });
        cur = null;
      }
    }
  });
  rl.on("close", () => {
    if (cur) emit({ name: cur.name, error: "input ended before end" });
  });
}

main();
