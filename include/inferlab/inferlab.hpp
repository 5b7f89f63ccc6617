// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
//
// Everything inferlab offers, in one include. Components can also be included one by one
// (inferlab/histogram.hpp pulls in nothing heavy).
#pragma once

#include <inferlab/error.hpp>
#include <inferlab/hdr_codec.hpp>
#include <inferlab/hdr_log.hpp>
#include <inferlab/histogram.hpp>
#include <inferlab/histogram_format.hpp>
#include <inferlab/histogram_json.hpp>
#include <inferlab/interval_recorder.hpp>
#include <inferlab/random.hpp>
#include <inferlab/version.hpp>
