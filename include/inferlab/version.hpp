// inferlab: measure and predict LLM inference performance.
// SPDX-License-Identifier: MIT
#pragma once

#define INFERLAB_VERSION_MAJOR 0
#define INFERLAB_VERSION_MINOR 1
#define INFERLAB_VERSION_PATCH 0
#define INFERLAB_VERSION_STRING "0.1.0"
