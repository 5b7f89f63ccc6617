// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// The front door for measurement: request timelines, the recorder that fills them, the summary
// that turns them into serving metrics, and the HDR histogram underneath. Light on purpose (no
// JSON, no fmt, no I/O): adapters are in metrics_json.hpp and metrics_format.hpp.
#pragma once

#include <inferlab/clock.hpp>
#include <inferlab/histogram.hpp>
#include <inferlab/recorder.hpp>
#include <inferlab/summary.hpp>
#include <inferlab/timeline.hpp>
