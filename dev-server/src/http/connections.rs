//! The server's TCP connections, tracked so that a request can reset its own and so that no
//! keep-alive connection is reused while a `"reset": true` fault is pending (see
//! [`crate::dev::faults`]).
//!
//! * **Reset.** [`crate::serve`] accepts through a [`ResettableListener`]; each connection's
//!   [`ConnectionHandle`] reaches its requests as a request extension (put there by
//!   [`track_requests`], with the usual `ConnectInfo<SocketAddr>`). A handler that calls
//!   [`ConnectionHandle::reset`] still returns a response, but the stream then refuses every read
//!   and write: hyper's first write of the response head fails, so no byte of the response
//!   reaches the wire, and hyper drops the connection. Before failing, the stream sets
//!   `SO_LINGER` to zero, so the close is abortive: the peer gets a TCP RST (`ECONNRESET`). If the
//!   option cannot be set, the peer sees a plain close (EOF), still without a status line.
//! * **No reuse while a reset is pending.** Chromium (seen against this server) silently resends
//!   a request whose *reused* keep-alive connection closes before any byte of the answer (as do
//!   Firefox and curl), so a reset there would never reach `fetch`. Hence, while a reset fault is
//!   pending, every response carries `Connection: close`
//!   ([`crate::dev::faults::close_connections_while_reset_pending`]), and queueing one closes
//!   every idle connection
//!   ([`ConnectionRegistry::close_when_idle`]; `POST /__dev/faults` answers once they are closed, at
//!   most 100 ms later, so the client knows of the closes before it sends its next request): the
//!   request a reset catches has come on a fresh connection, and the client reports the error
//!   instead of resending. A busy connection is closed with a plain EOF once no request is in
//!   progress on it (its response body fully sent and flushed), never in the middle of an
//!   answer. (A request whose head arrives at the very moment a reset fault is queued can see its
//!   connection closed before it is handled; it never runs, and a client resends it if the
//!   connection was reused.)
//!
//! Requests that did not come through [`crate::serve`] (e.g. in-process `oneshot` tests) have no
//! handle.

use axum::body::Body;
use axum::extract::connect_info::Connected;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::serve::{IncomingStream, Listener};
use http_body_util::BodyExt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Flags shared by a connection's stream and its requests.
#[derive(Debug, Default)]
struct Flags {
    reset: AtomicBool,
    close_when_idle: AtomicBool,
    /// Set when the stream is dropped (the socket is closed).
    closed: AtomicBool,
    requests_in_progress: AtomicUsize,
    /// Waker of the connection task's last pending read, to close an idle connection promptly.
    read_waker: Mutex<Option<Waker>>,
}

impl Flags {
    fn wake_reader(&self) {
        let waker = self
            .read_waker
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// One accepted connection, as its requests see it; cheap to clone (clones share the flags).
#[derive(Debug, Clone, Default)]
pub struct ConnectionHandle(Arc<Flags>);

impl ConnectionHandle {
    /// From now on the connection refuses to read or write, and is closed with a RST.
    pub fn reset(&self) {
        self.0.reset.store(true, Ordering::SeqCst);
    }

    /// True once [`ConnectionHandle::reset`] was called.
    pub fn is_reset(&self) -> bool {
        self.0.reset.load(Ordering::SeqCst)
    }

    /// True once the connection's socket is closed.
    pub fn is_closed(&self) -> bool {
        self.0.closed.load(Ordering::SeqCst)
    }

    /// True when no request is in progress on the connection.
    pub fn is_idle(&self) -> bool {
        self.0.requests_in_progress.load(Ordering::SeqCst) == 0
    }

    /// Closes the connection (plain EOF) as soon as no request is in progress on it.
    pub fn close_when_idle(&self) {
        self.0.close_when_idle.store(true, Ordering::SeqCst);
        self.0.wake_reader();
    }

    /// Counts a request as in progress until the guard is dropped.
    fn start_request(&self) -> RequestGuard {
        self.0.requests_in_progress.fetch_add(1, Ordering::SeqCst);
        RequestGuard(self.0.clone())
    }
}

/// Marks a request in progress; dropped with the response body (or with the request's future if
/// the response never came).
#[derive(Debug)]
struct RequestGuard(Arc<Flags>);

impl Drop for RequestGuard {
    fn drop(&mut self) {
        self.0.requests_in_progress.fetch_sub(1, Ordering::SeqCst);
        if self.0.close_when_idle.load(Ordering::SeqCst) {
            self.0.wake_reader();
        }
    }
}

/// The live connections of a server (kept in the [`crate::state::AppState`]); cheap to clone
/// (clones share the list).
#[derive(Debug, Clone, Default)]
pub struct ConnectionRegistry {
    live: Arc<Mutex<Vec<Weak<Flags>>>>,
}

impl ConnectionRegistry {
    /// The list; a panic while it was locked leaves plain data behind, so a poisoned lock is
    /// recovered.
    fn live(&self) -> std::sync::MutexGuard<'_, Vec<Weak<Flags>>> {
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tracks a new connection (and forgets closed ones).
    pub fn register(&self, handle: &ConnectionHandle) {
        let mut live = self.live();
        live.retain(|flags| flags.strong_count() > 0);
        live.push(Arc::downgrade(&handle.0));
    }

    /// [`ConnectionHandle::close_when_idle`] on every live connection; returns those that were
    /// idle (so are closing now), for [`wait_closed`].
    pub fn close_when_idle(&self) -> Vec<ConnectionHandle> {
        let mut closing = Vec::new();
        for flags in self.live().iter().filter_map(Weak::upgrade) {
            let connection = ConnectionHandle(flags);
            connection.close_when_idle();
            if connection.is_idle() {
                closing.push(connection);
            }
        }
        closing
    }
}

/// How often [`wait_closed`] looks.
const CLOSE_POLL: Duration = Duration::from_millis(2);

/// Waits until every connection in `connections` is closed, at most `limit`.
pub async fn wait_closed(connections: &[ConnectionHandle], limit: Duration) {
    let deadline = tokio::time::Instant::now() + limit;
    while !connections.iter().all(ConnectionHandle::is_closed)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(CLOSE_POLL).await;
    }
}

/// A TCP listener whose connections are [`ResettableStream`]s, registered in a
/// [`ConnectionRegistry`].
#[derive(Debug)]
pub struct ResettableListener {
    inner: TcpListener,
    registry: ConnectionRegistry,
}

impl ResettableListener {
    /// Wraps a bound listener; its connections go into `registry`.
    pub fn new(inner: TcpListener, registry: ConnectionRegistry) -> ResettableListener {
        ResettableListener { inner, registry }
    }
}

impl Listener for ResettableListener {
    type Io = ResettableStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (ResettableStream, SocketAddr) {
        // axum's own accept loop (retries and backs off on accept errors).
        let (stream, addr) = Listener::accept(&mut self.inner).await;
        let handle = ConnectionHandle::default();
        self.registry.register(&handle);
        let stream = ResettableStream {
            stream,
            handle,
            flushed: true,
        };
        (stream, addr)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// An accepted TCP stream with its [`ConnectionHandle`].
#[derive(Debug)]
pub struct ResettableStream {
    stream: TcpStream,
    handle: ConnectionHandle,
    /// False from a write until the next completed flush (hyper flushes the stream only once
    /// its own buffer is empty), so an idle close never cuts an answer short.
    flushed: bool,
}

impl Drop for ResettableStream {
    fn drop(&mut self) {
        self.handle.0.closed.store(true, Ordering::SeqCst);
    }
}

impl ResettableStream {
    /// `Some(error)` once the connection was reset; makes the eventual close abortive first.
    fn reset_error(&self) -> Option<io::Error> {
        if !self.handle.is_reset() {
            return None;
        }
        // Best effort: without it the close is a FIN instead of a RST (still no response).
        let _ = self.stream.set_zero_linger();
        Some(io::Error::new(
            io::ErrorKind::ConnectionReset,
            "connection reset by a dev-server fault",
        ))
    }

    /// True when the connection should be closed now: asked to close when idle, no request in
    /// progress, everything written flushed.
    fn closing_idle(&self) -> bool {
        let flags = &self.handle.0;
        self.flushed
            && flags.close_when_idle.load(Ordering::SeqCst)
            && flags.requests_in_progress.load(Ordering::SeqCst) == 0
    }
}

impl AsyncRead for ResettableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Some(error) = self.reset_error() {
            return Poll::Ready(Err(error));
        }
        if self.closing_idle() {
            // End of stream: hyper closes an idle connection gracefully.
            return Poll::Ready(Ok(()));
        }
        {
            let mut waker = self
                .handle
                .0
                .read_waker
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if !waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                *waker = Some(cx.waker().clone());
            }
        }
        // Asked to close between the check and the registration: look again.
        if self.closing_idle() {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for ResettableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if let Some(error) = self.reset_error() {
            return Poll::Ready(Err(error));
        }
        self.flushed = false;
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if let Some(error) = self.reset_error() {
            return Poll::Ready(Err(error));
        }
        self.flushed = false;
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(error) = self.reset_error() {
            return Poll::Ready(Err(error));
        }
        let result = Pin::new(&mut self.stream).poll_flush(cx);
        if let Poll::Ready(Ok(())) = result {
            self.flushed = true;
            // The last answer is out: if the connection is to close once idle, have hyper read
            // again now (it sees the end of stream), since nothing else may wake it.
            if self.closing_idle() {
                cx.waker().wake_by_ref();
            }
        }
        result
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(error) = self.reset_error() {
            return Poll::Ready(Err(error));
        }
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Connection info of a [`ResettableListener`] connection: peer address and handle.
#[derive(Debug, Clone)]
pub struct Peer {
    /// The peer's address.
    pub addr: SocketAddr,
    /// The connection.
    pub connection: ConnectionHandle,
}

impl Connected<IncomingStream<'_, ResettableListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, ResettableListener>) -> Peer {
        Peer {
            addr: *stream.remote_addr(),
            connection: stream.io().handle.clone(),
        }
    }
}

/// Middleware (outermost, added by [`crate::serve`]): turns `ConnectInfo<Peer>` into the
/// `ConnectInfo<SocketAddr>` the gateway reads and a [`ConnectionHandle`] extension for the
/// faults; counts the request as in progress until its response body is done.
pub async fn track_requests(mut request: Request, next: Next) -> Response {
    let mut guard = None;
    if let Some(ConnectInfo(peer)) = request.extensions_mut().remove::<ConnectInfo<Peer>>() {
        guard = Some(peer.connection.start_request());
        request.extensions_mut().insert(ConnectInfo(peer.addr));
        request.extensions_mut().insert(peer.connection);
    }
    let response = next.run(request).await;
    match guard {
        // The body owns the guard (through the closure), so the request stays in progress
        // until hyper has sent the whole body and dropped it. `map_err` (unlike `map_frame`)
        // keeps the size hint, so fixed-length answers keep their `Content-Length`.
        Some(guard) => response.map(|body| {
            Body::new(body.map_err(move |error| {
                let _in_progress = &guard;
                error
            }))
        }),
        None => response,
    }
}
