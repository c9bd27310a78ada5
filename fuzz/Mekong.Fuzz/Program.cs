using System.Globalization;
using System.Security.Cryptography;
using Mekong.Fuzz;

// mekong-fuzz HARNESS --afl                          run under afl-fuzz (SharpFuzz instrumentation, input on stdin)
// mekong-fuzz HARNESS --mutate SECONDS CORPUS OUT    the built-in deterministic random-mutation driver
// mekong-fuzz HARNESS --replay FILE...               run files through the harness once (regression check)
if (args.Length < 2 || !Harnesses.All.TryGetValue(args[0], out var harness))
{
    Console.Error.WriteLine($"usage: Mekong.Fuzz <{string.Join('|', Harnesses.All.Keys)}> --afl | --mutate SECONDS CORPUS OUT | --replay FILE...");
    return 2;
}

switch (args[1])
{
    case "--afl":
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            harness(buffer.ToArray());
        });
        return 0;

    case "--mutate" when args.Length == 5:
        return MutationDriver.Run(args[0], harness, TimeSpan.FromSeconds(int.Parse(args[2], CultureInfo.InvariantCulture)), args[3], args[4]);

    case "--replay":
        var failed = 0;
        foreach (var file in args.Skip(2))
        {
            try
            {
                harness(File.ReadAllBytes(file));
                Console.WriteLine($"ok   {file}");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"FAIL {file}: {e.GetType().Name}: {e.Message}");
            }
        }

        return failed == 0 ? 0 : 1;

    default:
        Console.Error.WriteLine($"unknown mode '{args[1]}'");
        return 2;
}

namespace Mekong.Fuzz
{
    /// <summary>
    /// Without AFL: mutates the seed corpus with a fixed seed (bit flips, interesting bytes, dictionary tokens,
    /// deletions, duplications, splices) for a bounded time, runs each input through the same harness entry point
    /// AFL would, and saves every input that throws to OUT.
    /// </summary>
    internal static class MutationDriver
    {
        public static int Run(string name, Action<byte[]> harness, TimeSpan budget, string corpus, string output)
        {
            var seeds = Directory.Exists(corpus) ? Directory.GetFiles(corpus).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList() : [];
            if (seeds.Count == 0)
            {
                seeds.Add("x"u8.ToArray());
            }

            var tokens = Harnesses.Dictionary(name);
            var random = new Random(20261207);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            long executions = 0;
            var crashes = new Dictionary<string, string>(StringComparer.Ordinal);
            Directory.CreateDirectory(output);
            while (clock.Elapsed < budget)
            {
                var input = Mutate(seeds[random.Next(seeds.Count)], seeds, tokens, random);
                executions++;
                try
                {
                    harness(input);
                }
                catch (Exception e)
                {
                    // One file per distinct failure (type and first frame), so a flood of one bug is one finding.
                    var signature = $"{e.GetType().Name}: {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
                    if (!crashes.ContainsKey(signature))
                    {
                        var file = Path.Combine(output, $"{name}-{Convert.ToHexString(SHA256.HashData(input))[..12].ToLowerInvariant()}.bin");
                        File.WriteAllBytes(file, input);
                        crashes[signature] = file;
                        Console.WriteLine($"finding: {signature} → {file} ({e.Message})");
                    }
                }

                if (executions % 4096 == 0 && random.Next(8) == 0 && input.Length < 64 * 1024)
                {
                    seeds.Add(input); // keep some mutants as seeds, so depth grows over the run
                }
            }

            Console.WriteLine($"harness {name}: {executions} executions in {clock.Elapsed.TotalSeconds:F0} s, {crashes.Count} distinct findings (driver: built-in mutation, seed 20261207)");
            return crashes.Count == 0 ? 0 : 1;
        }

        private static byte[] Mutate(byte[] seed, List<byte[]> seeds, byte[][] tokens, Random random)
        {
            var data = new List<byte>(seed);
            var rounds = 1 + random.Next(8);
            for (var r = 0; r < rounds; r++)
            {
                var at = data.Count == 0 ? 0 : random.Next(data.Count + 1);
                switch (random.Next(8))
                {
                    case 0 when data.Count > 0:
                        data[Math.Min(at, data.Count - 1)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1 when data.Count > 0:
                        byte[] interesting = [0x00, 0xFF, 0x7F, 0x80, 0xC0, 0xED, 0xF8, (byte)'\n', (byte)'<', (byte)'"', (byte)'\\', (byte)'['];
                        data[Math.Min(at, data.Count - 1)] = interesting[random.Next(interesting.Length)];
                        break;
                    case 2:
                    case 3:
                        data.InsertRange(at, tokens[random.Next(tokens.Length)]);
                        break;
                    case 4 when data.Count > 1:
                        var start = random.Next(data.Count);
                        data.RemoveRange(start, Math.Min(data.Count - start, 1 + random.Next(16)));
                        break;
                    case 5 when data.Count > 1 && data.Count < 256 * 1024:
                        var from = random.Next(data.Count);
                        var length = Math.Min(data.Count - from, 1 + random.Next(64));
                        var copies = 1 + random.Next(random.Next(4) == 0 ? 200 : 4);
                        var chunk = data.GetRange(from, length);
                        for (var c = 0; c < copies; c++)
                        {
                            data.InsertRange(at, chunk);
                        }

                        break;
                    case 6:
                        var other = seeds[random.Next(seeds.Count)];
                        if (other.Length > 0)
                        {
                            var o = random.Next(other.Length);
                            data.InsertRange(at, other.Skip(o).Take(1 + random.Next(64)));
                        }

                        break;
                    default:
                        data.Insert(at, (byte)random.Next(256));
                        break;
                }
            }

            return [.. data];
        }
    }
}
