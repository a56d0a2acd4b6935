/**
 * Preloaded (`node -r`) into Portkey's gateway, which listens on every interface and has
 * no flag to choose one: every server it opens binds 127.0.0.1 instead, so the benchmark
 * never exposes a port beyond the machine.
 */
import { Server } from 'node:net';

const listen = Server.prototype.listen;
Server.prototype.listen = function (this: Server, ...args: unknown[]) {
  if (typeof args[0] === 'number') {
    if (typeof args[1] === 'string') args[1] = '127.0.0.1';
    else if (args[1] === undefined || typeof args[1] === 'function')
      args.splice(1, args[1] === undefined ? 1 : 0, '127.0.0.1');
  } else if (args[0] && typeof args[0] === 'object' && !('path' in args[0])) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return (listen as (...a: unknown[]) => Server).apply(this, args);
} as typeof Server.prototype.listen;
