// The one event panels share: the test-traffic panel sent checks to the gateway, so the audit
// views refetch. Panels know this module, not each other.

const GATEWAY_TRAFFIC_SENT = "wacht-demo:gateway-traffic-sent";

/** Tells every listener that checks reached the gateway. */
export function announceGatewayTraffic() {
  document.dispatchEvent(new CustomEvent(GATEWAY_TRAFFIC_SENT));
}

/** Calls `listener` after each announcement; returns the function that stops it. */
export function onGatewayTraffic(listener) {
  document.addEventListener(GATEWAY_TRAFFIC_SENT, listener);
  return () => document.removeEventListener(GATEWAY_TRAFFIC_SENT, listener);
}
