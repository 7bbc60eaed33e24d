//! Moving things within a list, the one home of its index arithmetic: a drop between two
//! rows, a step up or down. The studio's drag and drop, its Move up/down commands and menus
//! all make their edits here.

use super::Edit;
use crate::project::{Id, Project};

/// Where an item taken from `from` lands when dropped at the gap `gap` of the same list (gap
/// `i` is before the item now at `i`): taking it out first shifts the later gaps by one.
pub fn landing(from: usize, gap: usize) -> usize {
    if from < gap { gap - 1 } else { gap }
}

/// The edit that drops the step field `field` at the gap `gap` of `to_step`; `None` when it
/// would land where it is, or the field or the step is gone.
pub fn drop_field(p: &Project, field: Id, to_step: Id, gap: usize) -> Option<Edit> {
    let (si, fi) = p.field_position(field)?;
    p.step_index(to_step)?;
    let same = p.steps[si].id == to_step;
    let index = if same { landing(fi, gap) } else { gap };
    if same && index == fi {
        return None;
    }
    Some(Edit::MoveField {
        field,
        to_step,
        index,
    })
}

/// The edit that moves the step field `field` one place up (`up`) or down in its step;
/// `None` at the edge.
pub fn step_field(p: &Project, field: Id, up: bool) -> Option<Edit> {
    let (si, fi) = p.field_position(field)?;
    let step = &p.steps[si];
    let index = if up {
        fi.checked_sub(1)?
    } else {
        (fi + 1 < step.fields.len()).then_some(fi + 1)?
    };
    Some(Edit::MoveField {
        field,
        to_step: step.id,
        index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_dropped_below_itself_lands_one_higher() {
        assert_eq!(landing(1, 3), 2);
        assert_eq!(landing(3, 1), 1);
        assert_eq!(landing(2, 2), 2);
        assert_eq!(landing(2, 3), 2, "the gap just below is where it is");
    }

    #[test]
    fn drops_and_steps_within_a_step() {
        let p = Project::default_project();
        let s = &p.steps[0];
        let (first, last) = (s.fields[0].id, s.fields[2].id);
        assert_eq!(drop_field(&p, first, s.id, 1), None, "dropped where it is");
        assert_eq!(
            drop_field(&p, first, s.id, 3),
            Some(Edit::MoveField {
                field: first,
                to_step: s.id,
                index: 2
            })
        );
        let other = p.steps[1].id;
        assert_eq!(
            drop_field(&p, first, other, 0),
            Some(Edit::MoveField {
                field: first,
                to_step: other,
                index: 0
            })
        );
        assert_eq!(step_field(&p, first, true), None);
        assert_eq!(step_field(&p, last, false), None);
        assert_eq!(
            step_field(&p, last, true),
            Some(Edit::MoveField {
                field: last,
                to_step: s.id,
                index: 1
            })
        );
    }
}
