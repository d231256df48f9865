//! Sliding windows over `[batch, ...spatial, channels]`: the patches of a convolution's input
//! (im2col: each output position's taps side by side, tap-major, then channel) and their adjoint
//! (col2im: each patch entry added back where it was read). The op layer checks the geometry.

use super::element::Element;
use core::mem::MaybeUninit;

/// A window's geometry: the input's shape `[batch, ...spatial, channels]`, per spatial dim the
/// kernel's size, stride and dilation, and the output positions.
pub struct Windows<'a> {
    pub shape: &'a [usize],
    pub kernel: &'a [usize],
    pub strides: &'a [usize],
    pub dilations: &'a [usize],
    pub out: &'a [usize],
}

impl Windows<'_> {
    /// Per tap (row-major over the kernel), its element offset from its window's first entry;
    /// per output position (row-major), the offset of its window's first entry in a batch entry.
    fn offsets(&self) -> (Vec<usize>, Vec<usize>) {
        let d = self.kernel.len();
        let mut step = vec![0; d]; // elements between neighbours along each spatial dim
        let mut s = self.shape[d + 1];
        for i in (0..d).rev() {
            step[i] = s;
            s *= self.shape[i + 1];
        }
        let taps = row_major(self.kernel, |k| k.iter().enumerate().map(|(i, &ki)| ki * self.dilations[i] * step[i]).sum());
        let starts = row_major(self.out, |o| o.iter().enumerate().map(|(i, &oi)| oi * self.strides[i] * step[i]).sum());
        (taps, starts)
    }

    fn channels(&self) -> usize {
        self.shape[self.kernel.len() + 1]
    }
}

/// `f` of every multi-index of `lens`, in row-major order.
fn row_major(lens: &[usize], f: impl Fn(&[usize]) -> usize) -> Vec<usize> {
    let n: usize = lens.iter().product();
    let mut values = Vec::with_capacity(n);
    let mut index = vec![0; lens.len()];
    for _ in 0..n {
        values.push(f(&index));
        for d in (0..lens.len()).rev() {
            index[d] += 1;
            if index[d] < lens[d] {
                break;
            }
            index[d] = 0;
        }
    }
    values
}

impl Windows<'_> {
    /// `f(input offset, row)` for every patch row in order (batch, output position, tap): row
    /// `row` of the patches holds the `channels` input entries from that offset on.
    fn each_row(&self, mut f: impl FnMut(usize, usize)) {
        let (taps, starts) = self.offsets();
        let batch_len: usize = self.shape[1..].iter().product();
        let mut row = 0;
        for b in 0..self.shape[0] {
            for &start in &starts {
                for &tap in &taps {
                    f(b * batch_len + start + tap, row);
                    row += 1;
                }
            }
        }
    }

    /// Entries of the input `[batch, ...spatial, channels]` and of its patches.
    fn lens(&self) -> (usize, usize) {
        let d = self.kernel.len();
        let taps: usize = self.kernel.iter().product();
        (self.shape.iter().product(), self.shape[0] * self.out.iter().product::<usize>() * taps * self.shape[d + 1])
    }
}

/// out[b, o.., t·C + c] = x[b, o·strides + k(t)·dilations, c]: `[batch, ...out, taps·channels]`.
/// Writes every element of `out`, so it may start uninitialized.
pub fn patches<T: Element>(x: &[T], w: &Windows, out: &mut [MaybeUninit<T>]) {
    let (x_len, patches_len) = w.lens();
    assert_eq!(x.len(), x_len, "patches: x does not match its shape");
    assert_eq!(out.len(), patches_len, "patches: out does not match the windows");
    let c = w.channels();
    w.each_row(|at, row| {
        for (o, &v) in out[row * c..(row + 1) * c].iter_mut().zip(&x[at..at + c]) {
            o.write(v);
        }
    });
}

/// The adjoint of `patches`: out (zeros, or what the caller put there) += each row of `g` at
/// the input entries its tap read; overlapping windows add up.
pub fn patches_add_back<T: Element>(g: &[T], w: &Windows, out: &mut [T]) {
    let (out_len, patches_len) = w.lens();
    assert_eq!(out.len(), out_len, "patches_add_back: out does not match its shape");
    assert_eq!(g.len(), patches_len, "patches_add_back: g does not match the windows");
    let c = w.channels();
    w.each_row(|at, row| {
        for (o, &v) in out[at..at + c].iter_mut().zip(&g[row * c..(row + 1) * c]) {
            *o = o.add(v);
        }
    });
}
