/*
 * trail.h - checks on a CloudTrail summary (catalogue: core/findings/trail.def).
 */
#ifndef TFAUTH_CHECKS_TRAIL_H
#define TFAUTH_CHECKS_TRAIL_H

#include "core/finding.h"
#include "trail/trail.h"

void check_trail(const struct trail *t, struct findings *fs);

#endif
