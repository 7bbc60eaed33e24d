//! The review page (`ppstudio report`): one self-contained HTML file for people without the
//! studio, built from the core (the engine, the platform's rule, the lints, the diff, the
//! forecast) with no second implementation of any of them. No GUI.

pub mod markup;
