//! The typed models and the checker accept exactly the same values.
