/** 127.0.0.0/8, ::1 and localhost: the only hosts a plain-http git server may run on (tests, local mirrors). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}
