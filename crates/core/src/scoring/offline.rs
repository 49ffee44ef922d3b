//! The offline scorer (placeholder until written below).
