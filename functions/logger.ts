/**
 * Structured logs: one JSON line per event. Only event names, ids, counts and error class names are
 * ever passed in; never request bodies, contact details or client addresses (principle P1).
 */
export type LogFn = (event: string, fields?: Record<string, string | number | boolean>) => void;

export function createLogger(
  service: string,
  write: (line: string) => void = (line) => console.log(line),
): LogFn {
  return (event, fields = {}) => {
    write(
      JSON.stringify({
        level: event.includes('error') || event.includes('failed') ? 'error' : 'info',
        service,
        event,
        time: new Date().toISOString(),
        ...fields,
      }),
    );
  };
}
