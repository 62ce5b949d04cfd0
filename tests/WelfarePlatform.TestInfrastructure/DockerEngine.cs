using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Docker.DotNet;
using ContainerKillParameters = Docker.DotNet.Models.ContainerKillParameters;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace WelfarePlatform.TestInfrastructure;

internal static class DockerEngine
{
    // The API version Docker.DotNet speaks unless told otherwise.
    private static readonly Version ClientApiVersion = new(1, 44);

    private static readonly Lazy<bool> Configured = new(() =>
    {
        // Before anything reads Testcontainers' settings, which take DOCKER_API_VERSION from the environment.
        MatchApiVersionToEngine();

        // The reaper (Ryuk) image cannot be pulled here; containers are removed by DisposeAsync instead.
        if (Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") is null)
        {
            TestcontainersSettings.ResourceReaperEnabled = false;
        }

        return true;
    });

    private static Task? _imageCheck;
    private static readonly Lock ImageCheckLock = new();

    public static string Image =>
        Environment.GetEnvironmentVariable(ServerContainer.ImageVariable) is { Length: > 0 } image
            ? image
            : ServerContainer.DefaultImage;

    /// <summary>Builds the container, turning Testcontainers' "Docker is unavailable" into the command to run.</summary>
    public static IContainer Build(Func<ContainerBuilder> createBuilder)
    {
        // First: a ContainerBuilder reads Testcontainers' settings as soon as it exists.
        _ = Configured.Value;
        try
        {
            return createBuilder().Build();
        }
        catch (DockerUnavailableException e)
        {
            throw NotRunning(e);
        }
    }

    /// <summary>Fails with the command to run when Docker or the image is missing: nothing can be pulled here.</summary>
    public static Task EnsureImageAsync(CancellationToken cancellationToken)
    {
        lock (ImageCheckLock)
        {
            if (_imageCheck is null || _imageCheck.IsFaulted || _imageCheck.IsCanceled)
            {
                _imageCheck = CheckImageAsync(Image, cancellationToken);
            }

            return _imageCheck;
        }
    }

    public static async Task KillAsync(string containerId, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        await client.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = "SIGKILL" },
            cancellationToken);
        // Until the container has exited, a start would be a no-op against the dying server.
        await client.Containers.WaitContainerAsync(containerId, cancellationToken);
    }

    private static async Task CheckImageAsync(string image, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        try
        {
            await client.Images.InspectImageAsync(image, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            throw new InvalidOperationException(
                $"Docker image '{image}' is missing and no registry is reachable: run dev/build-test-images.sh " +
                $"(or set {ServerContainer.ImageVariable} to an image built from its recipe).");
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidOperationException)
        {
            throw NotRunning(e);
        }
    }

    /// <summary>
    /// Debian's docker.io 20.10 speaks Docker API 1.41 at most and rejects Docker.DotNet's 1.44 outright,
    /// so ask the engine (GET /version answers every client) and speak its version when it is older.
    /// </summary>
    private static void MatchApiVersionToEngine()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "unix:///var/run/docker.sock";
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is { Length: > 0 }
            || !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            var engineVersion = Task.Run(async () =>
            {
                using var http = new HttpClient(new SocketsHttpHandler
                {
                    ConnectCallback = async (_, ct) =>
                    {
                        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(host["unix://".Length..]), ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    },
                });
                http.Timeout = TimeSpan.FromSeconds(10);
                var version = await http.GetFromJsonAsync<JsonElement>("http://docker/version");
                return Version.Parse(version.GetProperty("ApiVersion").GetString()!);
            }).GetAwaiter().GetResult();

            if (engineVersion < ClientApiVersion)
            {
                Environment.SetEnvironmentVariable("DOCKER_API_VERSION", engineVersion.ToString());
            }
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException
                                      or TaskCanceledException or JsonException or FormatException
                                      or KeyNotFoundException or InvalidOperationException)
        {
            // No engine here: Testcontainers' own check reports that, with its endpoint, when a container is built.
        }
    }

    private static DockerClient CreateClient()
    {
        var endpoint = TestcontainersSettings.OS.DockerEndpointAuthConfig
            ?? throw NotRunning(null);
        return endpoint.GetDockerClientBuilder(Guid.NewGuid()).Build();
    }

    private static InvalidOperationException NotRunning(Exception? inner) =>
        new("Docker is not available: run dev/docker.sh (installs docker.io and starts dockerd), " +
            "then dev/build-test-images.sh.", inner);
}
