pub mod journey;
pub mod preview;
