import ArgumentParser
import DigitReaderCore
import DigitReaderTraining

/// The single entry point: serve the recognizers, train and evaluate them, read image files.
struct DigitReaderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digit-reader",
        abstract: "Handwritten-digit recognition: a server, its models, and the tools to train and measure them.",
        subcommands: [
            ServeCommand.self,
            ReadCommand.self,
            TrainCommand.self,
            FineTuneCommand.self,
            TrainVerifierCommand.self,
            EvaluateCommand.self,
            CalibrateCommand.self,
            FitEnsembleCommand.self,
            DownloadMNISTCommand.self,
            PredictCommand.self,
            BenchmarkCommand.self,
        ]
    )
}

/// Program entry: picks fast BLAS kernels, then runs the command line.
@main
enum DigitReaderMain {
    static func main() async {
        BLASKernel.relaunchWithFastKernelsIfNeeded()
        await DigitReaderCommand.main()
    }
}
