using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Shouldly;
using WelfarePlatform.DashboardApi.Security;

namespace WelfarePlatform.DashboardApi.Tests;

public sealed class ValidatedTokenCacheTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_kept_token_gives_a_copy_of_its_principal_until_the_handler_would_refuse_it()
    {
        var clock = new ManualClock(Now);
        var cache = new ValidatedTokenCache(clock);
        var principal = Analyst();
        cache.Keep("token-a", principal, expires: Now.AddSeconds(10), refusedFrom: Now.AddSeconds(40));

        clock.Now = Now.AddSeconds(39);
        cache.TryGet("token-a", out var copy, out var expires).ShouldBeTrue();
        copy.ShouldNotBeSameAs(principal);
        copy.FindFirst("role")!.Value.ShouldBe("analyst");
        expires.ShouldBe(Now.AddSeconds(10));

        clock.Now = Now.AddSeconds(40);
        cache.TryGet("token-a", out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_long_lived_token_is_validated_again_after_a_minute()
    {
        var clock = new ManualClock(Now);
        var cache = new ValidatedTokenCache(clock);
        cache.Keep("token-a", Analyst(), expires: Now.AddHours(1), refusedFrom: Now.AddHours(1).AddSeconds(30));

        clock.Now = Now + ValidatedTokenCache.MaxAge - TimeSpan.FromTicks(1);
        cache.TryGet("token-a", out _, out _).ShouldBeTrue();
        clock.Now = Now + ValidatedTokenCache.MaxAge;
        cache.TryGet("token-a", out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void Only_the_exact_token_text_hits_and_a_token_already_refused_is_not_kept()
    {
        var cache = new ValidatedTokenCache(new ManualClock(Now));
        cache.Keep("token-a", Analyst(), expires: Now.AddHours(1), refusedFrom: Now.AddHours(1));
        cache.Keep("token-b", Analyst(), expires: Now.AddSeconds(-40), refusedFrom: Now.AddSeconds(-10));

        cache.TryGet("token-A", out _, out _).ShouldBeFalse();
        cache.TryGet("token-a ", out _, out _).ShouldBeFalse();
        cache.TryGet("token-b", out _, out _).ShouldBeFalse();
        cache.Count.ShouldBe(1);
    }

    [Fact]
    public void Many_distinct_tokens_do_not_grow_it_past_its_bound()
    {
        var cache = new ValidatedTokenCache(new ManualClock(Now));
        for (var i = 0; i <= ValidatedTokenCache.MaxEntries * 2; i++)
        {
            cache.Keep($"token-{i}", Analyst(), expires: Now.AddHours(1), refusedFrom: Now.AddHours(1));
        }

        cache.Count.ShouldBeLessThanOrEqualTo(ValidatedTokenCache.MaxEntries);
        cache.TryGet($"token-{ValidatedTokenCache.MaxEntries * 2}", out _, out _).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi", "abc.def.ghi")]
    [InlineData("bearer   abc.def.ghi  ", "abc.def.ghi")]
    [InlineData("Bearer ", null)]
    [InlineData("Basic abc", null)]
    [InlineData(null, null)]
    public void The_bearer_token_is_read_as_the_jwt_handler_reads_it(string? header, string? expected)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.Authorization = header;
        }

        ValidatedTokenCache.BearerToken(context.Request).ShouldBe(expected);
    }

    private static ClaimsPrincipal Analyst() => new(new ClaimsIdentity([new Claim("sub", "dev-analyst"), new Claim("role", "analyst")], "Bearer", "sub", "role"));

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
