using System.Text;
using Microsoft.AspNetCore.Http.Features;
using WelfarePlatform.DashboardApi.Changes;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.DashboardApi.Stream;

/// <summary>Dashboard:StreamKeepAlive: how often an idle stream gets a comment line (default 15 s), so proxies keep it open.</summary>
public sealed record StreamOptions(TimeSpan KeepAlive)
{
    public static readonly TimeSpan DefaultKeepAlive = TimeSpan.FromSeconds(15);
}

internal static class StreamApi
{
    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/stream", StreamAsync)
            .WithTags("Stream")
            .RequireRoles(Roles.Analyst)
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .WithSummary("Server-sent events: a message whenever a read model changes")
            .WithDescription("text/event-stream. On connect a `: connected` comment; after every committed change of a read model " +
                "`event: changed` with `data: {\"readModel\":\"targeted\"|\"timely\"|\"freshness\",\"version\":n,\"changedAt\":\"...\"}` " +
                "(version rises by one per change of that read model; every replica hears every change through PostgreSQL LISTEN/NOTIFY); " +
                "a `: keep-alive` comment every 15 s. A client too slow to read loses its oldest queued messages (64 are kept), never the newest. " +
                "Send the bearer token in the Authorization header (fetch with a streaming reader; EventSource cannot send it).");
        return app;
    }

    private static async Task StreamAsync(HttpContext context, ChangeBroadcaster broadcaster, StreamOptions options)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var subscription = broadcaster.Subscribe();
        try
        {
            await WriteAsync(context, ": connected\n\n", cancellationToken);
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(options.KeepAlive);
                bool ready;
                try
                {
                    ready = await subscription.Reader.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await WriteAsync(context, ": keep-alive\n\n", cancellationToken);
                    continue;
                }

                if (!ready)
                {
                    return;
                }

                var text = new StringBuilder();
                while (subscription.Reader.TryRead(out var change))
                {
                    text.Append("event: changed\ndata: ").Append(ReadModelChanges.Serialize(change)).Append("\n\n");
                }

                await WriteAsync(context, text.ToString(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: leaving the subscription is all there is to do.
        }
    }

    private static async Task WriteAsync(HttpContext context, string text, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(text, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
