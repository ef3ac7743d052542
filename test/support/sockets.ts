/**
 * The TCP sockets a process tree listens on, read from /proc (Linux): each process's socket
 * inodes from /proc/<pid>/fd, matched against the LISTEN rows of /proc/net/tcp and tcp6.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ListeningSocket {
  pid: number;
  command: string;
  address: string;
  port: number;
  family: 4 | 6;
}

const LISTEN = '0A';

/** The process and all its descendants, found by the parent pid in /proc/<pid>/stat. */
const processTree = (root: number): number[] => {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may itself contain spaces or parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree;
};

const socketInodes = (pid: number): Set<string> => {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
};

/** /proc/net/tcp writes each 32-bit word of the address in host (little-endian) byte order. */
const decodeAddress = (hex: string): { address: string; bytes: number[] } => {
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = hex.slice(w, w + 8);
    for (let b = 6; b >= 0; b -= 2) bytes.push(parseInt(word.slice(b, b + 2), 16));
  }
  if (bytes.length === 4) return { address: bytes.join('.'), bytes };
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return { address: groups.join(':'), bytes };
};

/** 127.0.0.0/8, ::1, or 127.0.0.0/8 mapped into IPv6 (::ffff:127.x.y.z, as Java binds it). */
const isLoopback = (bytes: number[]): boolean => {
  if (bytes.length === 4) return bytes[0] === 127;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 15) && bytes[15] === 1) return true;
  return zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff && bytes[12] === 127;
};

export const listeningSockets = (root: number): (ListeningSocket & { loopback: boolean })[] => {
  const owner = new Map<string, number>();
  for (const pid of processTree(root)) for (const inode of socketInodes(pid)) owner.set(inode, pid);
  const out: (ListeningSocket & { loopback: boolean })[] = [];
  for (const [file, family] of [
    ['/proc/net/tcp', 4],
    ['/proc/net/tcp6', 6],
  ] as const) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== LISTEN) continue;
      const pid = owner.get(cols[9]!);
      if (pid === undefined) continue;
      const [addrHex, portHex] = cols[1]!.split(':');
      const { address, bytes } = decodeAddress(addrHex!);
      let command = '';
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 3).join(' ');
      } catch {
        // ended meanwhile
      }
      out.push({ pid, command, address, port: parseInt(portHex!, 16), family, loopback: isLoopback(bytes) });
    }
  }
  return out;
};
