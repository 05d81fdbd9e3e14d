// Generated from the stores of crates/core/ by `WACHT_UPDATE_SNAPSHOTS=1 cargo test -p wacht-api-auth-core`; do not edit.
// The first snapshot of each store (before it starts), and its snapshot after a failure with the error left null.
export const FIRST = {
  "analytics": {
    "analytics": null,
    "error": null,
    "fetching": true,
    "loading": true
  },
  "keys": {
    "error": null,
    "fetching": true,
    "keys": [],
    "loading": true
  },
  "logs": {
    "error": null,
    "fetching": true,
    "has_more": false,
    "limit": 0,
    "loading": true,
    "loading_more": false,
    "logs": [],
    "next_cursor": null
  },
  "session": {
    "apiAuthApp": null,
    "hasSession": true,
    "sessionError": null,
    "sessionId": null,
    "sessionLoading": true,
    "status": "loading",
    "ticketExchanged": true,
    "ticketLoading": false
  },
  "sessionWithTicket": {
    "apiAuthApp": null,
    "hasSession": true,
    "sessionError": null,
    "sessionId": null,
    "sessionLoading": true,
    "status": "exchanging",
    "ticketExchanged": false,
    "ticketLoading": true
  },
  "timeseries": {
    "error": null,
    "fetching": true,
    "interval": "hour",
    "loading": true,
    "timeseries": []
  }
};
export const FAILED = {
  "analytics": {
    "analytics": null,
    "error": null,
    "fetching": false,
    "loading": false
  },
  "keys": {
    "error": null,
    "fetching": false,
    "keys": [],
    "loading": false
  },
  "logs": {
    "error": null,
    "fetching": false,
    "has_more": false,
    "limit": 0,
    "loading": false,
    "loading_more": false,
    "logs": [],
    "next_cursor": null
  },
  "session": {
    "apiAuthApp": null,
    "hasSession": true,
    "sessionError": null,
    "sessionId": null,
    "sessionLoading": false,
    "status": "error",
    "ticketExchanged": true,
    "ticketLoading": false
  },
  "sessionWithTicket": {
    "apiAuthApp": null,
    "hasSession": true,
    "sessionError": null,
    "sessionId": null,
    "sessionLoading": false,
    "status": "error",
    "ticketExchanged": false,
    "ticketLoading": false
  },
  "timeseries": {
    "error": null,
    "fetching": false,
    "interval": "hour",
    "loading": false,
    "timeseries": []
  }
};
