// A TCP relay that holds every chunk for a fixed time in each direction: the latency half of a
// degraded link where the kernel has no netem (testing/hosts/topology.ts). Order is kept: every
// chunk waits the same time. Usage: node delayRelay.mjs LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS
import net from 'node:net';

const [listenHost, listenPort, targetHost, targetPort, delay] = process.argv.slice(2);
const delayMs = Number(delay);
const server = net.createServer((client) => {
  const upstream = net.connect(Number(targetPort), targetHost);
  const relay = (from, to) => {
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
    from.on('end', () => setTimeout(() => to.end(), delayMs));
    from.on('error', () => setTimeout(() => to.destroy(), delayMs));
  };
  relay(client, upstream);
  relay(upstream, client);
});
server.listen(Number(listenPort), listenHost, () => console.log(`relaying ${listenHost}:${listenPort} -> ${targetHost}:${targetPort} +${delayMs} ms`));
