/// Which way round ink and page are in a picture.
public enum InkPolarity: String, Sendable, Equatable {
    /// Dark ink on a light page: pen on paper, black brush on a white or transparent canvas.
    case darkOnLight = "dark_on_light"
    /// Light ink on a dark page: chalkboard, MNIST itself.
    case lightOnDark = "light_on_dark"
}
