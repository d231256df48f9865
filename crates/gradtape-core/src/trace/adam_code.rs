//! Adam's update as generated code, shared by the generated steps (`scalar::generated`,
//! `fusion::step`): `adam_update`'s operations in its order, so a generated step gives the
//! optimizer's bits. If `optim::adam` changes, this changes with it.

use super::wasm_module::{Body, Float};
use crate::dtype::DType;

/// `f32.demote_f64`: an f64 rounded to the nearest f32 (`as f32`).
const DEMOTE: u8 = 0xb6;

/// The locals that hold a call's constants: alpha, 1 - beta1, 1 - beta2 and epsilon.
pub(super) struct Constants([u32; 4]);

/// Loads the four constants, f64s at `offset` (bytes) from the argument array (local 0), each
/// holding the value the rule rounds to `dtype`, into new locals.
pub(super) fn constants(b: &mut Body, f: &Float, dtype: DType, offset: u32) -> Constants {
    let locals = [0, 1, 2, 3].map(|_| b.local(f.t));
    for (j, &local) in locals.iter().enumerate() {
        b.get(0).memory(0x2b, 3, offset + 8 * j as u32); // f64.load
        if dtype == DType::F32 {
            b.plain(DEMOTE);
        }
        b.set(local);
    }
    Constants(locals)
}

/// One element's update, from the gradient in local `g`, of the elements at the addresses in
/// locals `w`, `m` and `v` (`mv` and `vv` scratch locals of the dtype):
/// `m += (g - m)·(1 - b1)`, `v += (g² - v)·(1 - b2)`, `w -= (m·alpha)/(sqrt(v) + eps)`.
#[allow(clippy::too_many_arguments)]
pub(super) fn update_element(b: &mut Body, f: &Float, c: &Constants, g: u32, [w, m, v]: [u32; 3], [mv, vv]: [u32; 2]) {
    let [alpha, omb1, omb2, eps] = c.0;
    // m = m + (g - m)·omb1, stored
    b.get(m).get(m).memory(f.load, f.align, 0).set(mv);
    b.get(mv).get(g).get(mv).plain(f.sub).get(omb1).plain(f.mul).plain(f.add).set(mv);
    b.get(mv).memory(f.store, f.align, 0);
    // v = v + (g·g - v)·omb2, stored
    b.get(v).get(v).memory(f.load, f.align, 0).set(vv);
    b.get(vv).get(g).get(g).plain(f.mul).get(vv).plain(f.sub).get(omb2).plain(f.mul).plain(f.add).set(vv);
    b.get(vv).memory(f.store, f.align, 0);
    // w = w - (m·alpha)/(sqrt(v) + eps)
    b.get(w).get(w).memory(f.load, f.align, 0);
    b.get(mv).get(alpha).plain(f.mul).get(vv).plain(f.sqrt).get(eps).plain(f.add).plain(f.div).plain(f.sub);
    b.memory(f.store, f.align, 0);
}
