using System.Text;
using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;
using WelfarePlatform.ServiceDefaults.Identity;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class PidHmacPoolTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("pid-hmac-pool-test-key-0123456789abcdef");

    [Fact]
    public async Task It_answers_the_pids_PidHasher_answers_from_any_number_of_threads()
    {
        using var pool = new PidHmacPool(Key);
        var reference = new PidHasher(Key);
        var ids = Enumerable.Range(0, 20_000).Select(i => (1_100_000_000_000L + (i * 7919L)).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append("30120987528").Append("").Append(new string('ก', 100)).ToList();

        // Each thread reuses its HMAC for many identifiers: a state carried from one hash to the next would show.
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ids.Select(id => pool.Hash(id)).ToList())));

        foreach (var answer in answers)
        {
            answer.ShouldBe(ids.Select(id => reference.Hash(id)).ToList());
        }
    }

    [Fact]
    public void A_short_key_is_refused_as_PidHasher_refuses_it() =>
        Should.Throw<InvalidOperationException>(() => new PidHmacPool(new byte[31])).Message.ShouldContain("at least 32 bytes");
}
