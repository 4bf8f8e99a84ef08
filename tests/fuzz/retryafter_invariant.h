// SPDX-License-Identifier: MIT
// What must hold for sse::parseRetryAfter() on any input: shared by the libFuzzer target
// (fuzz_retryafter) and the corpus test that every build runs.
#pragma once

#include "sseclient/retryafter.h"

#include <QByteArrayView>
#include <QDateTime>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <string>

namespace sse::test {

// The input's first 8 bytes (when there are 8) choose "now", anywhere within ±10,000
// years of 1970; the rest is the header value. Returns an empty string when every
// invariant holds, else what broke.
inline std::string checkRetryAfterInvariants(QByteArrayView input)
{
    using std::chrono::milliseconds;
    qint64 nowMs = 1'700'000'000'000; // November 2023
    if (input.size() >= 8) {
        quint64 raw = 0;
        std::memcpy(&raw, input.data(), sizeof raw);
        constexpr quint64 span = quint64(2) * 10'000 * 366 * 24 * 3600 * 1000;
        nowMs = qint64(raw % span) - qint64(span / 2);
        input = input.sliced(8);
    }
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC);
    const milliseconds largest(std::numeric_limits<qint64>::max());
    const auto uncapped = sse::parseRetryAfter(input, now, largest);
    for (const milliseconds cap : {milliseconds(0), milliseconds(1500), milliseconds(3'600'000)}) {
        const auto capped = sse::parseRetryAfter(input, now, cap);
        if (capped.has_value() != uncapped.has_value()) {
            return "whether a value is valid depends on the cap";
        }
        if (capped && (*capped < milliseconds(0) || *capped > cap)) {
            return "a delay outside [0, cap]";
        }
        if (capped && *capped != std::min(*uncapped, cap)) {
            return "the cap does not simply clamp the delay";
        }
    }
    if (uncapped && *uncapped < milliseconds(0)) {
        return "a negative delay";
    }
    // Delay-seconds (digits only, with optional spaces and tabs around) is always valid.
    QByteArrayView trimmed = input;
    while (!trimmed.isEmpty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) {
        trimmed = trimmed.sliced(1);
    }
    while (!trimmed.isEmpty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) {
        trimmed.chop(1);
    }
    const bool digits = !trimmed.isEmpty()
        && std::all_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && !uncapped) {
        return "delay-seconds refused";
    }
    if (!digits && uncapped && trimmed.size() < 24) {
        return "a value too short for any HTTP-date accepted"; // asctime is the shortest, 24
    }
    return {};
}

} // namespace sse::test
