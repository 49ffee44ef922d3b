//! The design's rate limits as token buckets (governor): per user, per
//! company, and per address for callers who are not signed in. A refused
//! call is `rate_limited` (429) with the seconds to wait.

use ats_api::{ApiError, Principal};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

/// Requests per minute.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_user: u32,
    pub per_company: u32,
    pub anonymous: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_user: 100,
            per_company: 1_000,
            anonymous: 10,
        }
    }
}

pub struct Limiter {
    user: DefaultKeyedRateLimiter<String>,
    company: DefaultKeyedRateLimiter<String>,
    anonymous: DefaultKeyedRateLimiter<IpAddr>,
}

fn quota(per_minute: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl Limiter {
    pub fn new(limits: &Limits) -> Self {
        Self {
            user: RateLimiter::keyed(quota(limits.per_user)),
            company: RateLimiter::keyed(quota(limits.per_company)),
            anonymous: RateLimiter::keyed(quota(limits.anonymous)),
        }
    }

    /// A new interview connection counts as a call of its candidate.
    pub fn check_interview(&self, interview_id: &str) -> Result<(), ApiError> {
        let now = DefaultClock::default().now();
        self.user
            .check_key(&interview_id.to_owned())
            .map_err(|n| ApiError::RateLimited(n.wait_time_from(now).as_secs().max(1)))
    }

    pub fn check(&self, who: &Principal, peer: SocketAddr) -> Result<(), ApiError> {
        let now = DefaultClock::default().now();
        let wait = |n: governor::NotUntil<_>| {
            ApiError::RateLimited(n.wait_time_from(now).as_secs().max(1))
        };
        match who {
            Principal::Anonymous => self.anonymous.check_key(&peer.ip()).map_err(wait),
            Principal::User(a) => {
                self.user.check_key(&a.id).map_err(wait)?;
                match &a.company_id {
                    Some(c) => self.company.check_key(c).map_err(wait),
                    None => Ok(()),
                }
            }
            Principal::Candidate {
                interview_id,
                company_id,
            } => {
                self.user.check_key(interview_id).map_err(wait)?;
                match company_id {
                    Some(c) => self.company.check_key(c).map_err(wait),
                    None => Ok(()),
                }
            }
        }
    }
}
