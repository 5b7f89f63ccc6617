// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Everything inferlab offers, in one include. Components can also be included one by one:
// inferlab/metrics.hpp (recorder, timelines, summary, histogram) and inferlab/histogram.hpp pull
// in nothing heavy; the *_json.hpp and *_format.hpp adapters bring nlohmann/json and fmt.
#pragma once

#include <inferlab/clock.hpp>
#include <inferlab/error.hpp>
#include <inferlab/hdr_codec.hpp>
#include <inferlab/hdr_log.hpp>
#include <inferlab/histogram.hpp>
#include <inferlab/histogram_format.hpp>
#include <inferlab/histogram_json.hpp>
#include <inferlab/interval_recorder.hpp>
#include <inferlab/metrics.hpp>
#include <inferlab/metrics_format.hpp>
#include <inferlab/metrics_json.hpp>
#include <inferlab/random.hpp>
#include <inferlab/recorder.hpp>
#include <inferlab/roofline.hpp>
#include <inferlab/roofline_catalog.hpp>
#include <inferlab/roofline_json.hpp>
#include <inferlab/summary.hpp>
#include <inferlab/summary_json.hpp>
#include <inferlab/timeline.hpp>
#include <inferlab/version.hpp>
