import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** A server listening on a free loopback port, and how to stop it. */
export interface Listening {
  port: number;
  /** Stops the server, ending the connections still open (a fake that hangs on purpose keeps one). */
  close(): Promise<void>;
}

/** Starts `server` on 127.0.0.1 at a free port, remembering its connections so close() never waits on them. */
export async function listenOnLoopback(server: Server): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
