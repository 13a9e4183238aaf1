//! The benchmark's own parts, in one test binary: the load generator against the bare ceiling
//! on a real port (`load`) and the lost-write check on a real SQLite file (`writes`).

mod load;
mod writes;
