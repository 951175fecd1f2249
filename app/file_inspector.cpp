#include "app/file_inspector.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/role_mapping.h"
#include "assay/io/tensor_file.h"

namespace assay::app {

struct FileInspector::Listing {
    QString path;
    QVector<QStringList> tensors;  // name, dtype, shape, bytes
    QVector<QPair<QString, QString>> metadata;
};

namespace {

QTableWidget* makeTable(const QStringList& headers, QWidget* parent) {
    auto* table = new QTableWidget(parent);
    table->setColumnCount(int(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    return table;
}

void fill(QTableWidget* table, const QVector<QStringList>& rows) {
    table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < rows[r].size(); ++c) {
            auto* item = new QTableWidgetItem(rows[r][c]);
            item->setToolTip(rows[r][c]);
            table->setItem(r, c, item);
        }
    }
    table->resizeColumnsToContents();
}

QString shapeText(const std::vector<std::int64_t>& shape) {
    QStringList dims;
    for (std::int64_t d : shape) dims << QString::number(d);
    return QLatin1Char('[') + dims.join(QStringLiteral(", ")) + QLatin1Char(']');
}

}  // namespace

FileInspector::FileInspector(views::JobRunner& runner, QWidget* parent)
    : QWidget(parent),
      m_runner(runner),
      m_title(new QLabel(tr("No file inspected. File → Inspect file…"), this)),
      m_tensors(makeTable({tr("Name"), tr("DType"), tr("Shape"), tr("Bytes")}, this)),
      m_metadata(makeTable({tr("Metadata key"), tr("Value")}, this)),
      m_mapping(new RoleMapping(this)) {
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tensors);
    splitter->addWidget(m_metadata);
    splitter->addWidget(m_mapping);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(6);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);

    connect(m_mapping, &RoleMapping::applyRequested, this, [this](const QVariantMap& map) {
        if (!m_path.isEmpty() && !m_viewId.isEmpty()) emit mappingApplied(m_viewId, m_path, map);
    });
}

bool FileInspector::canInspect(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("safetensors") || suffix == QLatin1String("npy") ||
           suffix == QLatin1String("npz");
}

void FileInspector::inspect(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_title->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    auto readOnWorker = [absolute](core::JobContext&) {
        const auto file = core::io::TensorFile::open(QFile::encodeName(absolute).toStdString());
        Listing listing;
        listing.path = absolute;
        for (const core::io::TensorInfo& t : file.tensors()) {
            listing.tensors.push_back({QString::fromStdString(t.name),
                                       QString::fromLatin1(core::io::dtypeName(t.dtype)),
                                       shapeText(t.shape), QString::number(t.byteLength)});
        }
        for (const auto& [key, value] : file.metadata())
            listing.metadata.push_back(
                {QString::fromStdString(key), QString::fromStdString(value)});
        return listing;
    };
    m_runner.submit(
        QStringLiteral("inspect"), this, readOnWorker, [this](Listing listing) { show(listing); },
        [this, path](const QString& message) {
            m_title->setText(tr("Could not read %1").arg(QFileInfo(path).fileName()));
            emit errorOccurred(message);
        },
        views::Lane::Io, tr("Inspect %1").arg(QFileInfo(path).fileName()));
}

void FileInspector::show(const Listing& listing) {
    m_path = listing.path;
    quint64 total = 0;
    for (const QStringList& row : listing.tensors) total += row[3].toULongLong();
    m_title->setText(tr("<b>%1</b> — %n tensor(s), %2", nullptr, int(listing.tensors.size()))
                         .arg(QFileInfo(m_path).fileName().toHtmlEscaped(),
                              QLocale().formattedDataSize(qint64(total))));
    m_title->setToolTip(m_path);
    fill(m_tensors, listing.tensors);
    QVector<QStringList> meta;
    for (const auto& [key, value] : listing.metadata) meta.push_back({key, value});
    fill(m_metadata, meta);
    m_metadata->setVisible(!meta.isEmpty());
    QStringList names;
    for (const QStringList& row : listing.tensors) names << row[0];
    m_mapping->setTensorNames(names);
    emit inspected(m_path);
}

void FileInspector::setTargetView(const QString& viewId, const QVector<views::ViewRole>& roles,
                                  const QVariantMap& map) {
    m_viewId = viewId;
    m_mapping->setRoles(roles);
    m_mapping->setMap(map);
    m_mapping->setVisible(!roles.isEmpty());
}

QStringList FileInspector::tensorRows() const {
    QStringList rows;
    for (int r = 0; r < m_tensors->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m_tensors->columnCount(); ++c)
            cells << (m_tensors->item(r, c) ? m_tensors->item(r, c)->text() : QString());
        rows << cells.join(QLatin1Char(' '));
    }
    return rows;
}

}  // namespace assay::app
