/** The part of the platform's response object the gateway controllers use. */
export interface GatewayResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/** The part of the platform's request object the gateway controllers use. */
export interface GatewayRequest {
  headers: Record<string, string | string[] | undefined>;
}
