using System.Security.Cryptography;
using System.Text;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Identity;

namespace WelfarePlatform.ServiceDefaults.Tests;

public sealed class PidHasherTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a-pid-key-of-at-least-thirty-two-bytes!");

    [Fact]
    public void A_pid_is_the_hmac_sha256_of_the_national_id_in_lower_case_hex()
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Key, "1100000000017"u8));
        new PidHasher(Key).Hash("1100000000017").ShouldBe(expected);
    }

    [Fact]
    public void Another_key_gives_another_pid() =>
        new PidHasher(Key).Hash("1100000000017").ShouldNotBe(new PidHasher(Encoding.UTF8.GetBytes("another-pid-key-of-thirty-two-bytes-or-more")).Hash("1100000000017"));

    [Fact]
    public void A_short_key_is_refused() =>
        Should.Throw<InvalidOperationException>(() => new PidHasher(new byte[16])).Message.ShouldContain("at least 32 bytes");

    [Fact]
    public async Task It_answers_the_one_shot_hmacs_pids_from_any_number_of_threads()
    {
        var hasher = new PidHasher(Key);
        var ids = Enumerable.Range(0, 20_000).Select(i => (1_100_000_000_000L + (i * 7919L)).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append("30120987528").Append("").Append(new string('ก', 100)).ToList();
        var expected = ids.Select(id => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(id)))).ToList();

        // Each thread reuses a prepared HMAC for many identifiers: a state carried from one hash to the next would show.
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ids.Select(id => hasher.Hash(id)).ToList())));

        foreach (var answer in answers)
        {
            answer.ShouldBe(expected);
        }
    }
}
