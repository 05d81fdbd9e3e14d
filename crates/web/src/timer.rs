//! Browser timers (`setTimeout`/`clearTimeout` through web-sys): [`Timer`] runs a function
//! once unless dropped first; [`sleep`] is a future on one.

use futures_channel::oneshot;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A pending `setTimeout`; dropping it clears the timeout.
pub struct Timer {
    handle: Option<i32>,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Runs `f` after `ms` milliseconds (at most 2^31 - 1, as browsers allow).
    pub fn start(ms: u32, f: impl FnOnce() + 'static) -> Timer {
        let mut f = Some(f);
        let callback = Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = f.take() {
                f();
            }
        });
        let delay = i32::try_from(ms).unwrap_or(i32::MAX);
        let handle = web_sys::window().and_then(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.as_ref().unchecked_ref(),
                    delay,
                )
                .ok()
        });
        Timer {
            handle,
            _callback: callback,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let (Some(handle), Some(window)) = (self.handle, web_sys::window()) {
            window.clear_timeout_with_handle(handle);
        }
    }
}

/// A future that ends after `ms` milliseconds.
pub struct Sleep {
    _timer: Timer,
    done: oneshot::Receiver<()>,
}

/// Ends after `ms` milliseconds (never, if the browser has no window to time it).
pub fn sleep(ms: u32) -> Sleep {
    let (tx, done) = oneshot::channel();
    let timer = Timer::start(ms, move || {
        let _ = tx.send(());
    });
    Sleep {
        _timer: timer,
        done,
    }
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.done).poll(cx).map(|_| ())
    }
}

/// Whichever of `a` and `b` ends first (`a` when both are ready).
pub async fn race<T>(a: impl Future<Output = T>, b: impl Future<Output = T>) -> T {
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(value) = a.as_mut().poll(cx) {
            return Poll::Ready(value);
        }
        b.as_mut().poll(cx)
    })
    .await
}
